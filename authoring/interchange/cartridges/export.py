"""Published revisions -> CourseDoc: what a cartridge of a course (or some of its units) holds.

Only published revisions are exported (UnitRevision.snapshot of each unit's latest one): a cartridge
is what LMSs and other schools keep, so it never carries a draft. Images are the Asset rows lesson
bodies link to. A fixed number of queries whatever the course size: units with their latest revision,
the assets they use, and the frameworks' versions.
"""
from __future__ import annotations

import html as htmllib
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from authoring.curriculum.models import Asset, Course, Program, Unit, UnitRevision, UnitStatus
from authoring.errors import ValidationFailed
from authoring.frameworks.models import Framework
from authoring.interchange.cartridges import assets as files, text
from authoring.tenancy.models import Organization
from exporters.model import (
    AssessmentDoc, AssetDoc, ChoiceDoc, CourseDoc, ItemDoc, ItemType, LessonDoc, StandardRef, UnitDoc,
)

Progress = Callable[[int, int, str], None]
VERSIONS = ("1.3", "1.1", "thin")
LTI_LAUNCH_PATH = "/lti/launch"   # the LTI tool's one launch URL (lti/urls.py); custom values ride in the query
LABEL_CHARS = 200


@dataclass
class ExportSelection:
    """Which units go in, at which revision, and which were left out and why."""

    units: list[tuple[Unit, UnitRevision]]
    left_out: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _no_progress(done: int, total: int, step: str) -> None:
    pass


def select_units(session: Session, org: Organization, course: Course, unit_ids: Iterable[int] | None = None) -> ExportSelection:
    """Each unit's latest published revision. Without `unit_ids`: every unit that has one, except
    archived units; with them: exactly those (all must be in the course and published once)."""
    latest = (
        select(UnitRevision.unit_id, func.max(UnitRevision.number).label("number"))
        .join(Unit, Unit.id == UnitRevision.unit_id)
        .where(UnitRevision.organization_id == org.id, Unit.course_id == course.id)
        .group_by(UnitRevision.unit_id)
        .subquery()
    )
    rows = session.execute(
        select(Unit, UnitRevision)
        .outerjoin(latest, latest.c.unit_id == Unit.id)
        .outerjoin(UnitRevision, and_(UnitRevision.unit_id == Unit.id, UnitRevision.number == latest.c.number))
        .where(Unit.course_id == course.id, Unit.organization_id == org.id)
        .order_by(Unit.position, Unit.id)
    ).all()
    chosen = None if unit_ids is None else list(dict.fromkeys(int(i) for i in unit_ids))
    if chosen is not None:
        if not chosen:
            raise ValidationFailed("Choose at least one unit to export.", {"units": ["none chosen"]})
        known = {unit.id for unit, _ in rows}
        if unknown := [str(i) for i in chosen if i not in known]:
            raise ValidationFailed("Some chosen units are not in this course.", {"units": [f"unknown: {', '.join(unknown)}"]})
        never = [unit.title for unit, revision in rows if unit.id in chosen and revision is None]
        if never:
            raise ValidationFailed("Only published units can be exported.", {"units": [f"never published: {', '.join(never)}"]})
        order = {unit_id: n for n, unit_id in enumerate(chosen)}
        picked = sorted(((u, r) for u, r in rows if u.id in order), key=lambda pair: order[pair[0].id])
        return ExportSelection(units=picked)
    selection = ExportSelection(units=[])
    for unit, revision in rows:
        if revision is None:
            selection.left_out.append({"title": unit.title, "reason": "never published"})
        elif unit.status is UnitStatus.archived:
            selection.left_out.append({"title": unit.title, "reason": "archived"})
        else:
            selection.units.append((unit, revision))
    if not selection.units:
        raise ValidationFailed("This course has no published units to export yet.", {"units": ["none published"]})
    return selection


def launch_url(kind: str, revision_id: int, item_id: int | None = None) -> str:
    """An LTI launch of the live, published content; the same custom names deep linking uses."""
    query = {"toolpath_kind": kind, "toolpath_revision": revision_id}
    if item_id is not None:
        query["toolpath_item"] = item_id
    return f"{_launch_base()}?{urlencode(query)}"


def _launch_base() -> str:
    return current_app.config["TOOLPATH_BASE_URL"].rstrip("/") + LTI_LAUNCH_PATH


def course_doc(session: Session, org: Organization, course: Course, selection: ExportSelection,
               progress: Progress = _no_progress) -> CourseDoc:
    snapshots = [revision.snapshot for _, revision in selection.units]
    versions = _framework_versions(session, snapshots)
    asset_rows = _assets(session, org, snapshots, selection.warnings)
    program = _program(session, course)
    units = []
    total = len(selection.units)
    for n, (unit, revision) in enumerate(selection.units):
        progress(n, total, f"Preparing unit {n + 1} of {total}: {unit.title}")
        units.append(_unit_doc(unit, revision, versions, asset_rows))
    keywords = [program.title] + [c.name for c in program.target_credentials] if program else []
    return CourseDoc(
        identifier=f"course:{course.id}", title=course.title, description=course.description or "",
        language=course.language or "en", keywords=tuple(dict.fromkeys(k for k in keywords if k)),
        rights=f"\u00a9 {org.name}", units=tuple(units), launch_base_url=_launch_base(),
    )


# -- the pieces --------------------------------------------------------------------------------
def _program(session: Session, course: Course) -> Program | None:
    if course.program_id is None:
        return None
    return session.execute(
        select(Program).where(Program.id == course.program_id).options(selectinload(Program.target_credentials))
    ).scalar_one()


def _framework_versions(session: Session, snapshots: list[dict[str, Any]]) -> dict[str, str]:
    ids = {a["framework_identifier"] for s in snapshots for o in s["outcomes"] for a in o["alignments"]}
    if not ids:
        return {}
    rows = session.execute(select(Framework.identifier, Framework.version).where(Framework.identifier.in_([uuid.UUID(i) for i in ids])))
    return {str(identifier): version or "" for identifier, version in rows}


# Stored bodies are nh3's output, which always double-quotes attributes: a regex finds every
# candidate link without parsing each page twice (the parse in _lesson_body is the one that rewrites).
_LINK = re.compile(r'(?:src|href)="([^"]*)"')


def _asset_ids(snapshots: list[dict[str, Any]], base_url: str) -> set[int]:
    found = set()
    for snapshot in snapshots:
        for lesson in snapshot["lessons"]:
            for value in _LINK.findall(lesson["body_html"]):
                if (asset_id := files.asset_id_of(htmllib.unescape(value), base_url)) is not None:
                    found.add(asset_id)
    return found


def _assets(session: Session, org: Organization, snapshots: list[dict[str, Any]], warnings: list[str]) -> dict[int, AssetDoc]:
    """The lesson images, as AssetDocs by asset id (only this organization's)."""
    base = current_app.config["TOOLPATH_BASE_URL"]
    ids = _asset_ids(snapshots, base)
    if not ids:
        return {}
    rows = session.execute(select(Asset).where(Asset.organization_id == org.id, Asset.id.in_(ids))).scalars()
    docs = {a.id: AssetDoc(files.cartridge_path(a.filename, a.sha256), a.content_type, a.data) for a in rows}
    if missing := sorted(ids - docs.keys()):
        warnings.append(f"{len(missing)} image link(s) point to files this organization does not have; they were left as they were.")
    return docs


def _ref(alignment: dict[str, Any], versions: dict[str, str]) -> StandardRef:
    label = f"{alignment['coding']} {alignment['statement']}".strip()
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1].rstrip() + "\u2026"
    return StandardRef(guid=alignment["item"], label=label, provider=alignment["framework"],
                       version=versions.get(alignment["framework_identifier"], ""))


def _refs(outcomes: Iterable[dict[str, Any]], versions: dict[str, str]) -> tuple[StandardRef, ...]:
    seen: dict[str, StandardRef] = {}
    for outcome in outcomes:
        for alignment in outcome["alignments"]:
            seen.setdefault(alignment["item"], _ref(alignment, versions))
    return tuple(seen.values())


def _lesson_body(body: str, asset_rows: dict[int, AssetDoc], used: dict[str, AssetDoc]) -> str:
    base = current_app.config["TOOLPATH_BASE_URL"]

    def to_cartridge(value: str) -> str | None:
        asset_id = files.asset_id_of(value, base)
        if asset_id is None:
            return None
        doc = asset_rows.get(asset_id)
        if doc is None:  # counted in the warnings already
            return None
        used[doc.path] = doc
        return doc.path

    return files.rewrite_links(body, to_cartridge)


def _unit_doc(unit: Unit, revision: UnitRevision, versions: dict[str, str], asset_rows: dict[int, AssetDoc]) -> UnitDoc:
    snap = revision.snapshot
    unit_refs = _refs(snap["outcomes"], versions)
    by_code = {o["code"]: o for o in snap["outcomes"] if o["code"]}
    lessons = []
    for lesson in snap["lessons"]:
        used: dict[str, AssetDoc] = {}
        body = _lesson_body(lesson["body_html"], asset_rows, used)
        lessons.append(LessonDoc(
            identifier=f"lesson:{lesson['id']}", title=lesson["title"], body_html=body, hours=Decimal(lesson["hours"]),
            assets=tuple(used.values()), standards=unit_refs, launch_url=launch_url("lesson", revision.id, lesson["id"]),
        ))
    assessments = []
    for a in snap["assessments"]:
        assessed = [by_code[c] for item in a["items"] for c in item["outcomes"] if c in by_code]
        assessments.append(AssessmentDoc(
            identifier=f"assessment:{a['id']}", title=a["title"], instructions=text.to_html(a["instructions"]),
            items=tuple(_item_doc(item) for item in a["items"]),
            # What its questions assess; a quiz whose questions name no outcome covers the unit's.
            standards=_refs(assessed, versions) if assessed else unit_refs,
            launch_url=launch_url("assessment", revision.id, a["id"]),
        ))
    return UnitDoc(
        identifier=f"unit:{unit.id}", title=snap["unit"]["title"], summary=snap["unit"]["summary"] or "",
        revision=revision.number, lessons=tuple(lessons), assessments=tuple(assessments), standards=unit_refs,
    )


def _item_doc(item: dict[str, Any]) -> ItemDoc:
    answer = item.get("answer") or {}
    kind = ItemType(item["type"])
    return ItemDoc(
        identifier=f"item:{item['id']}", item_type=kind, prompt=text.to_html(item["prompt"]),
        choices=tuple(ChoiceDoc(str(c["id"]), c["text"], bool(c.get("correct"))) for c in item.get("choices") or []),
        tf_answer=answer.get("value") if kind is ItemType.true_false else None,
        accepted=tuple(answer.get("accepted") or ()) if kind is ItemType.fill_in_blank else (),
        case_sensitive=bool(answer.get("case_sensitive", False)),
        feedback=text.to_html(item.get("feedback") or ""), points=Decimal(item["points"]), outcome_codes=tuple(item.get("outcomes") or ()),
    )
