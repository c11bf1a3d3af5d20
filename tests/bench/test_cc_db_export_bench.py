"""Common Cartridge export from the database, end to end (`make bench`; not part of `make test`).

A state-scale course in the DB: 40 published units x 10 lessons with one 50 KB image each (Asset
rows, linked by the app's asset URL), 40 assessments x 20 questions, 3 aligned outcomes per unit.
Timed: export_cartridge() from the course row to .imscc bytes (queries, snapshot -> CourseDoc
mapping, images, zip), median of 5. Reported: time, peak traced memory, the ratio to writing the
very same entries with plain zipfile, and the time with the built-in checks on.
"""
from __future__ import annotations

import hashlib
import io
import random
import time
import tracemalloc
import zipfile
from decimal import Decimal

import pytest

from authoring.curriculum import revisions
from authoring.curriculum.models import (
    Alignment, Asset, Assessment, AssessmentItem, Course, ItemType, LearningOutcome, Lesson, Program, Unit, UnitStatus,
)
from authoring.interchange.cartridges import export_cartridge
from authoring.interchange.cartridges.assets import asset_url
from tests.authoring.factories import make_framework
from tests.bench.test_cc_export_bench import plain_zip_seconds
from tests.fixtures.tenancy import make_org

MB = 1024 * 1024
UNITS, LESSONS, IMAGE_BYTES, ITEMS = 40, 10, 50_000, 20


def build_course(session, org) -> Course:
    rng = random.Random(7)
    framework = make_framework(session, org, items=30)
    leaves = [i for i in framework.items if i.parent_id is not None]
    program = Program(organization_id=org.id, slug="state", title="State-scale program", target_frameworks=[framework])
    course = Course(organization_id=org.id, slug="state-scale", title="State-scale course", program=program,
                    description="Forty units of machining.")
    session.add_all([program, course])
    session.flush()
    for u in range(UNITS):
        unit = Unit(organization_id=org.id, course=course, slug=f"unit-{u}", title=f"Unit {u}", summary="Turning.",
                    position=u, status=UnitStatus.draft)
        for o in range(3):
            unit.outcomes.append(LearningOutcome(
                organization_id=org.id, code=f"LO-{o + 1:02d}", position=o,
                statement="Given a lathe, the student will turn a shaft to within 0.001 in.",
                alignments=[Alignment(organization_id=org.id, item=leaves[(u + o + k) % len(leaves)]) for k in range(2)]))
        session.add(unit)
        session.flush()
        for n in range(LESSONS):
            data = b"\x89PNG\r\n\x1a\n" + rng.randbytes(IMAGE_BYTES - 8)
            asset = Asset(organization_id=org.id, unit_id=unit.id, filename=f"u{u}-l{n}.png", content_type="image/png",
                          size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)
            session.add(asset)
            session.flush()
            unit.lessons.append(Lesson(
                organization_id=org.id, title=f"Lesson {u}.{n}", hours=Decimal("1.25"), position=n,
                body_html=f"<h2>Lesson {u}.{n}</h2>" + "<p>Cutting speed, feed and depth of cut.</p>" * 20
                          + f'<p><img src="{asset_url(org.slug, asset.id)}" alt="diagram"></p>'))
        quiz = Assessment(organization_id=org.id, title=f"Unit {u} check", instructions="<p>Answer all.</p>", position=0)
        for i in range(ITEMS):
            quiz.items.append(AssessmentItem(
                organization_id=org.id, item_type=ItemType.multiple_choice, prompt=f"<p>Question {i} about unit {u}?</p>",
                choices=[{"id": c, "text": f"Option {c}", "correct": c == "b"} for c in "abcd"], answer={},
                feedback="<p>Review the lesson.</p>", points=Decimal(1), position=i, outcomes=[unit.outcomes[i % 3]]))
        unit.assessments.append(quiz)
        session.flush()
        revisions.publish(session, unit, None, revisions_now())
    session.commit()
    return course


def revisions_now():
    from datetime import datetime, timezone

    return datetime(2026, 11, 21, tzinfo=timezone.utc)


@pytest.fixture()
def state_course(app, db_session):
    org = make_org(db_session)
    return org, build_course(db_session, org)


def test_cc_db_export_bench(benchmark, state_course, db_session, capsys):
    org, course = state_course

    def export(check: bool = False):
        db_session.expire_all()  # every round reads the rows again, as a fresh request would
        return export_cartridge(db_session, org, db_session.get(Course, course.id), check=check)

    result = benchmark.pedantic(export, rounds=5, iterations=1, warmup_rounds=1)
    ours = benchmark.stats.stats.median

    with zipfile.ZipFile(io.BytesIO(result.data)) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    plain = plain_zip_seconds(entries)

    start = time.perf_counter()
    checked = export(check=True)
    with_checks = time.perf_counter() - start
    assert checked.report["findings"] == []

    db_session.expire_all()
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    counts = result.report["counts"]
    benchmark.extra_info.update({
        "entries": len(entries), "cartridge_mb": round(len(result.data) / MB, 1), **counts,
        "plain_zipfile_s": round(plain, 4), "ratio_to_plain_zipfile": round(ours / plain, 2),
        "with_checks_s": round(with_checks, 3), "peak_mb": round(peak / MB, 1),
    })
    with capsys.disabled():
        print(f"\nCC export from the DB: {counts['units']} units, {counts['lessons']} lessons, {counts['files']} images, "
              f"{counts['questions']} questions, {len(entries)} entries, {len(result.data) / MB:.1f} MB; median {ours:.3f} s "
              f"(plain zipfile {plain:.3f} s, ratio {ours / plain:.2f}; with checks {with_checks:.3f} s); "
              f"peak traced memory {peak / MB:.1f} MB")

    assert counts == {"units": UNITS, "lessons": UNITS * LESSONS, "assessments": UNITS,
                      "questions": UNITS * ITEMS, "files": UNITS * LESSONS}
    assert ours < 2.0
    assert peak < 300 * MB
