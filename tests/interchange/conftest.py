"""Cartridges in and out of the database: a published course with images, row counts, the validator.

Jobs run inline here (the test app is TESTING, and jobs.start runs inline when testing), so a POST
returns after the job has finished; tests/interchange/test_jobs_thread.py covers the worker thread.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from authoring.curriculum import services
from authoring.curriculum.models import (
    Alignment, Asset, Assessment, AssessmentItem, Course, LearningOutcome, Lesson, Unit, UnitRevision,
)
from authoring.interchange.cartridges.assets import asset_url
from tests.authoring.factories import make_program, make_unit
from tests.exporters.conftest import cc_fixtures, validator  # noqa: F401  (../shared fixtures: the real cartridges, the validator)
from tests.fixtures.tenancy import make_user

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
CONTENT_TABLES = (Course, Unit, Lesson, Assessment, AssessmentItem, LearningOutcome, Alignment, Asset, UnitRevision)


def publish(session, unit, actor) -> UnitRevision:
    services.submit(session, actor, NOW, unit, expected=unit.version)
    services.approve(session, actor, NOW, unit, expected=unit.version)
    return services.publish(session, actor, NOW, unit, expected=unit.version)


def add_image(session, actor, lesson, name: str = "chuck key.png", data: bytes = PNG) -> Asset:
    """Upload an image and place it in the lesson the way the editor does (by the app's asset URL)."""
    unit = lesson.unit
    asset = services.upload_image(session, actor, NOW, unit, name, "image/png", data)
    src = asset_url(_slug(session, unit), asset.id)
    services.update_lesson(session, actor, NOW, lesson, {"body_html": f'{lesson.body_html}<p><img src="{src}" alt="{name}"></p>'},
                           expected=unit.version)
    return asset


def _slug(session, unit) -> str:
    from authoring.tenancy.models import Organization

    return session.get(Organization, unit.organization_id).slug


def make_course(session, org, *, units: int = 2, images: bool = True, author=None):
    """A course of `units` published units (3 outcomes aligned to 2 items each, 2 lessons, one quiz of
    3 questions); with images, each unit's first lesson shows one (the second unit's is the same file)."""
    author = author or make_user(session, org, "author")
    _, course, _ = make_program(session, org)
    made = []
    for n in range(units):
        unit = make_unit(session, org, course=course)
        unit.position = n
        if images:
            add_image(session, author, unit.lessons[0], data=PNG if n else PNG + b"first")
        publish(session, unit, author)
        made.append(unit)
    session.flush()
    return course, made


def counts(session) -> dict[str, int]:
    return {model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one() for model in CONTENT_TABLES}


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def make_zip(*entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture()
def author(db_session, demo_org):
    return make_user(db_session, demo_org, "author")
