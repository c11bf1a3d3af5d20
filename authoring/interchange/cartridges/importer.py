"""CourseDoc -> a new course of draft units in one organization.

Everything is built in memory first (no flush, so nothing is written and no lock is taken while
the work goes on), then flushed at once; the caller's transaction makes it all-or-nothing.
  lessons: bodies sanitised, files kept as Asset rows, links to them rewritten to the app's URL;
  assessments: questions validated by the same schema as the API; invalid ones are listed, and a
    quiz left with none is kept as a lesson of its instructions;
  web links, LTI links, discussions: lessons holding the link or prompt;
  standards: a GUID naming a framework item the organization can see becomes an outcome drafted from
    the item (as new units drafted from competencies are) aligned to it; questions are tied to the
    outcomes of their assessment's standards; unknown GUIDs are listed.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Iterable
from urllib.parse import unquote, urlsplit

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.curriculum import quality
from authoring.curriculum.models import (
    Alignment, Asset, Assessment, AssessmentItem, Course, LearningOutcome, Lesson, Unit, UnitStatus,
)
from authoring.curriculum.schemas import AssessmentItemIn
from authoring.curriculum.services import prefill_statement, slugify, visible_frameworks
from authoring.frameworks.models import Framework, FrameworkItem
from authoring.html import sanitize_html
from authoring.interchange.cartridges import assets as files, text
from authoring.tenancy.models import Organization, User
from exporters.model import AssessmentDoc, AssetDoc, CourseDoc, ItemDoc, ItemType, LessonDoc, LinkDoc, LinkKind, StandardRef, UnitDoc

Progress = Callable[[int, int, str], None]
TITLE_CHARS = 300
_LINK_LABELS = {LinkKind.web: "web links as lessons", LinkKind.lti: "LTI links as lessons",
                LinkKind.discussion: "discussions as lessons"}
MAX_HOURS = Decimal(1000)


@dataclass
class Written:
    """What the import made, for the report."""

    course: Course
    created: Counter = field(default_factory=Counter)
    skipped: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, title: str, kind: str, reason: str, where: str = "") -> None:
        self.skipped.append({"title": title, "kind": kind, "reason": reason, "where": where})


def _title(text: str, fallback: str) -> str:
    text = " ".join((text or "").split())
    return (text or fallback)[:TITLE_CHARS]


def _hours(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), MAX_HOURS).quantize(Decimal("0.01"))


class _Importer:
    def __init__(self, session: Session, actor: User | None, now: datetime, org: Organization, progress: Progress) -> None:
        self.session, self.actor, self.now, self.org, self.progress = session, actor, now, org, progress
        self.actor_id = actor.id if actor else None
        self.assets: dict[str, Asset] = {}   # cartridge path -> row, shared by every lesson that uses it
        self.bodies: list[tuple[Lesson, str, dict[str, Asset]]] = []  # bodies to finish once assets have ids
        self.items_by_guid: dict[str, FrameworkItem] = {}
        self.unit_assets: dict[int, list[Asset]] = {}  # id(unit) -> its new files (unit ids come with the flush)
        self.written: Written

    # -- entry ---------------------------------------------------------------------------------
    def run(self, doc: CourseDoc) -> Written:
        with self.session.no_autoflush:
            self.items_by_guid = self._known_items(doc)
            course = Course(organization_id=self.org.id, slug=self._course_slug(doc.title),
                            title=_title(doc.title, "Imported course"), description=doc.description or "",
                            language=(doc.language or "en")[:16], created_at=self.now)
            self.written = Written(course=course)
            self._unknown_standards(doc)
            if doc.standards:
                self.written.notes.append(f"{len(doc.standards)} standard(s) are listed for the course as a whole; Toolpath "
                                          "aligns outcomes inside units, so they were not aligned.")
            for n, unit in enumerate(doc.units):
                self.progress(n, len(doc.units), f"Building unit {n + 1} of {len(doc.units)}: {unit.title}")
                course.units.append(self._unit(unit, n))
            self.session.add(course)
        self.progress(len(doc.units), len(doc.units), "Saving the course")
        self.session.flush()
        self._finish_bodies()
        self.session.flush()
        return self.written

    # -- lookups (the only reads, all before anything is added) ----------------------------------
    def _known_items(self, doc: CourseDoc) -> dict[str, FrameworkItem]:
        wanted: dict[uuid.UUID, str] = {}
        for ref in _all_refs(doc):
            try:
                wanted[uuid.UUID(ref.guid)] = ref.guid
            except ValueError:
                continue
        found: dict[str, FrameworkItem] = {}
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            rows = self.session.execute(
                select(FrameworkItem).join(Framework)
                .where(FrameworkItem.identifier.in_(keys[start:start + 500]), visible_frameworks(self.org))
            ).scalars()
            found.update({wanted[row.identifier]: row for row in rows})
        return found

    def _course_slug(self, title: str) -> str:
        wanted = slugify(title) if re.search(r"[A-Za-z0-9]", title or "") else "imported-course"
        taken = set(self.session.execute(
            select(Course.slug).where(Course.organization_id == self.org.id, Course.slug.startswith(wanted))
        ).scalars())
        slug, n = wanted, 2
        while slug in taken:
            slug, n = f"{wanted}-{n}", n + 1
        return slug

    def _unknown_standards(self, doc: CourseDoc) -> None:
        seen: set[str] = set()
        for ref in _all_refs(doc):
            if ref.guid not in self.items_by_guid and ref.guid not in seen:
                seen.add(ref.guid)
                self.written.skip(ref.label or ref.guid, "standard",
                                  "no framework item with this identifier is available to this organization", ref.guid)

    # -- units -----------------------------------------------------------------------------------
    def _unit(self, doc: UnitDoc, position: int) -> Unit:
        taken = {u.slug for u in self.written.course.units}
        slug, n = slugify(doc.title), 2
        base = slug
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        unit = Unit(organization_id=self.org.id, slug=slug, title=_title(doc.title, "Untitled unit"), summary=doc.summary or "",
                    position=position, status=UnitStatus.draft, created_at=self.now, updated_at=self.now,
                    updated_by_id=self.actor_id)
        outcomes = self._outcomes(unit, doc)
        lessons: list[Lesson] = []
        for lesson in doc.lessons:
            lessons.append(self._lesson(unit, lesson))
        assessments: list[Assessment] = []
        for a in doc.assessments:
            made = self._assessment(unit, a, outcomes)
            (assessments if isinstance(made, Assessment) else lessons).append(made)  # type: ignore[arg-type]
        for link in doc.links:
            lessons.append(self._link(unit, link))
        for i, lesson_row in enumerate(lessons):  # pages first, then quizzes kept as pages, then links
            lesson_row.position = i
            unit.lessons.append(lesson_row)
        for i, assessment in enumerate(assessments):
            assessment.position = i
            unit.assessments.append(assessment)
        self.written.created["units"] += 1
        return unit

    def _outcomes(self, unit: Unit, doc: UnitDoc) -> dict[str, LearningOutcome]:
        """One drafted outcome per known framework item the unit or its contents name, in order."""
        by_guid: dict[str, LearningOutcome] = {}
        for ref in _unit_refs(doc):
            item = self.items_by_guid.get(ref.guid)
            if item is None or ref.guid in by_guid:
                continue
            statement = prefill_statement(item)
            outcome = LearningOutcome(
                organization_id=self.org.id, code=f"LO-{len(by_guid) + 1:02d}", statement=statement,
                position=len(by_guid), competencies=[], **quality.derived_fields(quality.check(statement)),
                alignments=[Alignment(organization_id=self.org.id, item=item, created_by_id=self.actor_id, created_at=self.now)],
            )
            unit.outcomes.append(outcome)
            by_guid[ref.guid] = outcome
            self.written.created["outcomes"] += 1
            self.written.created["alignments"] += 1
        return by_guid

    # -- lessons and their files -----------------------------------------------------------------
    def _lesson(self, unit: Unit, doc: LessonDoc) -> Lesson:
        lesson = Lesson(organization_id=self.org.id, title=_title(doc.title, "Untitled page"), hours=_hours(doc.hours), body_html="")
        rows = {a.path: self._asset(unit, a) for a in doc.assets}
        if rows:
            self.bodies.append((lesson, doc.body_html, rows))  # links need the rows' ids: after the flush
        else:
            lesson.body_html = sanitize_html(doc.body_html)
        self.written.created["lessons"] += 1
        return lesson

    def _asset(self, unit: Unit, doc: AssetDoc) -> Asset:
        if doc.path not in self.assets:
            content_type = files.safe_content_type(doc.data)
            self.assets[doc.path] = Asset(
                organization_id=self.org.id, filename=doc.path[-255:], content_type=content_type, size=len(doc.data),
                sha256=hashlib.sha256(doc.data).hexdigest(), data=doc.data, created_at=self.now,
            )
            self.session.add(self.assets[doc.path])
            self.unit_assets.setdefault(id(unit), []).append(self.assets[doc.path])
            self.written.created["files"] += 1
            if content_type == files.DOWNLOAD_TYPE:
                self.written.created["files kept as downloads"] += 1
        return self.assets[doc.path]

    def _finish_bodies(self) -> None:
        """Point links at the stored files (the rows have ids now), then sanitise."""
        for unit in self.written.course.units:
            for asset in self.unit_assets.get(id(unit), []):
                asset.unit_id = unit.id
        for lesson, body, rows in self.bodies:
            def to_app(value: str, rows=rows) -> str | None:
                path = unquote(urlsplit(value.strip()).path).removeprefix("./")
                row = rows.get(path)
                return files.asset_url(self.org.slug, row.id) if row is not None else None

            lesson.body_html = sanitize_html(files.rewrite_links(body, to_app))

    # -- assessments -------------------------------------------------------------------------------
    def _assessment(self, unit: Unit, doc: AssessmentDoc, outcomes: dict[str, LearningOutcome]) -> Assessment | Lesson:
        assessed = [outcomes[r.guid] for r in doc.standards if r.guid in outcomes]
        items = []
        for n, item in enumerate(doc.items, 1):
            data, problem = _item_data(item)
            if problem:
                self.written.skip(f"{doc.title}: question {n}", "question", problem, doc.identifier)
                continue
            items.append(AssessmentItem(
                organization_id=self.org.id, item_type=data["type"], prompt=data["prompt"], points=data["points"],
                choices=data["choices"], answer=data["answer"], feedback=data["feedback"], position=len(items),
                outcomes=list(assessed),
            ))
        if not items:
            self.written.notes.append(f"Quiz '{doc.title}' has no question Toolpath can use; it was imported as a lesson.")
            lesson = Lesson(organization_id=self.org.id, title=_title(doc.title, "Untitled quiz"),
                            body_html=sanitize_html(doc.instructions))
            self.written.created["lessons"] += 1
            return lesson
        self.written.created["assessments"] += 1
        self.written.created["questions"] += len(items)
        return Assessment(organization_id=self.org.id, title=_title(doc.title, "Untitled quiz"),
                          instructions=text.to_text(doc.instructions), items=items)

    # -- links ------------------------------------------------------------------------------------
    def _link(self, unit: Unit, link: LinkDoc) -> Lesson:
        title = htmllib.escape(link.title or link.url)
        url = htmllib.escape(link.url, quote=True)
        if link.kind is LinkKind.web:
            body = f'<p><a href="{url}">{title}</a></p>'
        elif link.kind is LinkKind.lti:
            body = (f'<p>This activity opens an external tool: <a href="{url}">{title}</a>. '
                    "The tool must be set up in your LMS for it to launch.</p>")
        else:
            body = "<p><strong>Discussion topic</strong></p>"
        body += link.text_html or ""
        self.written.created[_LINK_LABELS[link.kind]] += 1
        self.written.created["lessons"] += 1
        return Lesson(organization_id=self.org.id, title=_title(link.title, "Untitled link"), body_html=sanitize_html(body))


def _item_data(item: ItemDoc) -> tuple[dict[str, Any], str]:
    """The question as AssessmentItemIn loads it (what the API and editor accept), or why not.
    Toolpath keeps question text as plain text, so the cartridge's HTML is read as a person would."""
    # Choices are plain text in a cartridge too; a few tools put HTML there anyway.
    choices = [{"id": c.id, "text": text.to_text(c.text) if text.looks_like_html(c.text) else " ".join(c.text.split()),
                "correct": c.correct} for c in item.choices]
    if any(len(c["id"]) > 20 or not c["id"] for c in choices) or len({c["id"] for c in choices}) != len(choices):
        for n, choice in enumerate(choices):
            choice["id"] = chr(ord("a") + n) if n < 26 else f"c{n + 1}"
    answer: dict[str, Any] = {}
    if item.item_type is ItemType.true_false:
        answer = {"value": item.tf_answer}
    elif item.item_type is ItemType.fill_in_blank:
        answer = {"accepted": list(item.accepted), "case_sensitive": item.case_sensitive}
    raw = {"type": item.item_type.value, "prompt": text.to_text(item.prompt), "points": str(item.points),
           "choices": choices, "answer": answer, "feedback": text.to_text(item.feedback), "outcomes": []}
    try:
        return AssessmentItemIn().load(raw), ""
    except ValidationError as exc:
        return {}, "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                             for k, v in exc.normalized_messages().items())


def _unit_refs(doc: UnitDoc) -> Iterable[StandardRef]:
    yield from doc.standards
    for part in (*doc.lessons, *doc.assessments, *doc.links):
        yield from part.standards


def _all_refs(doc: CourseDoc) -> Iterable[StandardRef]:
    for unit in doc.units:
        yield from _unit_refs(unit)
    yield from doc.standards


def import_course(session: Session, actor: User | None, now: datetime, org: Organization, doc: CourseDoc,
                  progress: Progress) -> Written:
    return _Importer(session, actor, now, org, progress).run(doc)
