"""Deep linking: the catalog of published content a teacher picks from, and the signed answer.

Each picked resource becomes an ltiResourceLink to our one launch URL (no query string: Canvas
compares URLs exactly), with custom parameters naming the published revision and the part of it;
assessments carry a lineItem so the LMS creates a gradebook column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from authoring.curriculum.models import Course, Unit, UnitRevision, UnitStatus
from authoring.delivery.services import points_possible
from authoring.errors import NotFound, ValidationFailed
from lti.launch import CUSTOM_ITEM, CUSTOM_KIND, CUSTOM_REVISION

KEY = re.compile(r"^(unit):(\d+)$|^(lesson|assessment):(\d+):(\d+)$")
DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
LINEITEM_TAG = "toolpath-assessment"


@dataclass(frozen=True)
class Pick:
    key: str
    kind: str
    revision_id: int
    revision_number: int
    item_key: int | None
    title: str
    text: str
    course_id: int
    points: Decimal | None = None


@dataclass
class CatalogUnit:
    unit: Pick
    course_title: str
    lessons: list[Pick] = field(default_factory=list)
    assessments: list[Pick] = field(default_factory=list)


def _picks(revision: UnitRevision, course_id: int) -> CatalogUnit:
    snap = revision.snapshot
    unit = snap["unit"]
    common = {"revision_id": revision.id, "revision_number": revision.number, "course_id": course_id}
    entry = CatalogUnit(
        unit=Pick(key=f"unit:{revision.id}", kind="unit", item_key=None, title=unit["title"], text=unit.get("summary", ""), **common),
        course_title=snap["course"]["title"],
    )
    for lesson in snap.get("lessons", []):
        entry.lessons.append(Pick(
            key=f"lesson:{revision.id}:{lesson['id']}", kind="lesson", item_key=lesson["id"], title=lesson["title"],
            text=f"Lesson in {unit['title']} ({lesson['hours']} h)", **common,
        ))
    for assessment in snap.get("assessments", []):
        points = points_possible(assessment)
        entry.assessments.append(Pick(
            key=f"assessment:{revision.id}:{assessment['id']}", kind="assessment", item_key=assessment["id"],
            title=assessment["title"], points=points,
            text=assessment.get("instructions") or f"{len(assessment['items'])} questions, {points:g} points", **common,
        ))
    return entry


def _latest(session: Session, org_id: int, course_id: int | None = None) -> list[tuple[UnitRevision, int]]:
    """The newest revision of every unit of the org that has one (archived units excepted)."""
    newest = (
        select(UnitRevision.unit_id, func.max(UnitRevision.number).label("number"))
        .where(UnitRevision.organization_id == org_id)
        .group_by(UnitRevision.unit_id)
        .subquery()
    )
    query = (
        select(UnitRevision, Unit.course_id)
        .join(newest, and_(UnitRevision.unit_id == newest.c.unit_id, UnitRevision.number == newest.c.number))
        .join(Unit, Unit.id == UnitRevision.unit_id)
        .join(Course, Course.id == Unit.course_id)
        .where(UnitRevision.organization_id == org_id, Unit.status != UnitStatus.archived)
        .order_by(Course.position, Course.title, Unit.position, Unit.id)
    )
    if course_id is not None:
        query = query.where(Unit.course_id == course_id)
    return [(revision, cid) for revision, cid in session.execute(query)]


def courses(session: Session, org_id: int) -> list[Course]:
    with_revisions = select(Unit.course_id).join(UnitRevision, UnitRevision.unit_id == Unit.id).where(Unit.organization_id == org_id)
    return list(session.execute(
        select(Course).where(Course.organization_id == org_id, Course.id.in_(with_revisions)).order_by(Course.position, Course.title)
    ).scalars())


def catalog(session: Session, org_id: int, *, q: str = "", course_id: int | None = None) -> list[CatalogUnit]:
    needle = q.strip().casefold()
    found = []
    for revision, cid in _latest(session, org_id, course_id):
        entry = _picks(revision, cid)
        if needle and needle not in f"{entry.unit.title} {entry.unit.text}".casefold():
            entry.lessons = [p for p in entry.lessons if needle in p.title.casefold()]
            entry.assessments = [p for p in entry.assessments if needle in p.title.casefold()]
            if not entry.lessons and not entry.assessments:
                continue
        found.append(entry)
    return found


def resolve(session: Session, org_id: int, keys: list[str]) -> list[Pick]:
    """Picks by key, only from this organization's revisions (another org's id is simply unknown)."""
    picks = []
    for key in keys:
        match = KEY.match(key or "")
        if not match:
            raise ValidationFailed("Choose from the list.", {"items": [f"unknown choice {key!r}"]})
        revision_id = int(match.group(2) or match.group(4))
        row = session.execute(
            select(UnitRevision, Unit.course_id).join(Unit, Unit.id == UnitRevision.unit_id)
            .where(UnitRevision.id == revision_id, UnitRevision.organization_id == org_id)
        ).first()
        if row is None:
            raise NotFound("That unit is not available here.")
        entry = _picks(row[0], row[1])
        pick = next((p for p in [entry.unit, *entry.lessons, *entry.assessments] if p.key == key), None)
        if pick is None:
            raise NotFound("That lesson or assessment is not part of the published unit.")
        picks.append(pick)
    return picks


class ContentItem(DeepLinkResource):
    """pylti1p3's resource has no `text`; LTI deep linking defines it."""

    def __init__(self, text: str = "") -> None:
        self._text = text

    def to_dict(self) -> dict:
        data = super().to_dict()
        if self._text:
            data["text"] = self._text
        return data


def content_item(pick: Pick, launch_url: str, *, with_lineitem: bool) -> ContentItem:
    item = ContentItem(pick.text[:1000])
    item.set_type("ltiResourceLink").set_title(pick.title).set_url(launch_url)
    custom = {CUSTOM_KIND: pick.kind, CUSTOM_REVISION: str(pick.revision_id), "toolpath_revision_number": str(pick.revision_number)}
    if pick.item_key is not None:
        custom[CUSTOM_ITEM] = str(pick.item_key)
    item.set_custom_params(custom)
    if pick.kind == "assessment" and with_lineitem:
        item.set_lineitem(
            LineItem().set_score_maximum(float(pick.points or 0)).set_label(pick.title)
            .set_resource_id(f"toolpath:{pick.revision_id}:assessment:{pick.item_key}").set_tag(LINEITEM_TAG)
        )
    return item


class ToolDeepLink(DeepLink):
    def get_message_jwt(self, resources) -> dict:
        message = super().get_message_jwt(resources)
        if message.get(DATA_CLAIM) is None:  # echo `data` only when the platform sent some
            message.pop(DATA_CLAIM, None)
        return message


def flag(settings: dict, name: str, default: bool) -> bool:
    value = settings.get(name, default)
    return value if isinstance(value, bool) else str(value).lower() == "true"
