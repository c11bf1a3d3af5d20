"""Common Cartridge in and out of the database; the codec itself is exporters.common_cartridge.

export_cartridge: a course's published units -> .imscc bytes (CC 1.3, 1.1 or thin), with a report.
import_cartridge: .imscc bytes -> a new course of draft units, with a report. It flushes, never
commits: the caller's one transaction makes any failure write nothing.
Both take a progress callback (done, total, step) for the CLI's bar and the job pages.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Callable, Iterable

from sqlalchemy.orm import Session

from authoring.curriculum.models import Course
from authoring.errors import ValidationFailed
from authoring.interchange.cartridges.export import VERSIONS, course_doc, select_units
from authoring.interchange.cartridges.importer import import_course
from authoring.tenancy.models import Organization, User
from exporters.common_cartridge import (
    DEFAULT_LIMITS, CartridgeError, ExportError, Limits, check_cartridge, read_cartridge, write_cartridge_to,
)
from exporters.model import CourseDoc

Progress = Callable[[int, int, str], None]


class CartridgeRejected(ValidationFailed):
    """The upload is not a cartridge we will read (unsafe, damaged, unsupported or empty)."""

    code = "invalid_cartridge"


def _quiet(done: int, total: int, step: str) -> None:
    pass


def _scaled(progress: Progress, start: int, end: int) -> Progress:
    """Map a stage's own (done, total) onto start..end of 100."""
    def report(done: int, total: int, step: str) -> None:
        progress(start + (end - start) * done // max(total, 1), 100, step)

    return report


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    filename: str
    report: dict[str, Any]


class _CountingBuffer(io.BytesIO):
    """A BytesIO that reports how far the zip has got against an estimate of its size."""

    def __init__(self, expected: int, progress: Progress) -> None:
        super().__init__()
        self.expected, self.progress, self.last = max(expected, 1), progress, -1

    def write(self, data) -> int:  # type: ignore[override]
        n = super().write(data)
        done = min(99, self.tell() * 100 // self.expected)
        if done > self.last:
            self.last = done
            self.progress(done, 100, "Writing the cartridge")
        return n


def _drop_empty_quizzes(doc: CourseDoc, warnings: list[str]) -> CourseDoc:
    """QTI needs a question; a quiz without one is left out (thin cartridges link it, so they keep it)."""
    units = []
    for unit in doc.units:
        empty = [a.title for a in unit.assessments if not a.items]
        if empty:
            warnings.append(f"Left out of '{unit.title}': {', '.join(empty)} (no questions yet).")
            unit = replace(unit, assessments=tuple(a for a in unit.assessments if a.items))
        units.append(unit)
    return replace(doc, units=tuple(units))


def export_filename(course: Course, version: str) -> str:
    variant = "thin-cc1.3" if version == "thin" else f"cc{version}"
    return f"{course.slug}-{variant}.imscc"


def export_cartridge(session: Session, org: Organization, course: Course, *, version: str = "1.3",
                     unit_ids: Iterable[int] | None = None, now: datetime | None = None, progress: Progress = _quiet,
                     check: bool = True) -> ExportResult:
    """Raises ValidationFailed when there is nothing to export or the course cannot be written.

    `now` defaults to the newest included revision's publication time, so the same revisions give
    the same bytes whenever they are downloaded.
    """
    if version not in VERSIONS:
        raise ValidationFailed("Choose Common Cartridge 1.3, 1.1 or thin.", {"version": [f"one of {', '.join(VERSIONS)}"]})
    selection = select_units(session, org, course, unit_ids)
    now = now or max(revision.published_at for _, revision in selection.units)
    doc = course_doc(session, org, course, selection, _scaled(progress, 0, 30))
    if version != "thin":
        doc = _drop_empty_quizzes(doc, selection.warnings)
    expected = sum(len(a.data) for u in doc.units for lesson in u.lessons for a in lesson.assets) + 4000 * sum(
        len(u.lessons) + len(u.assessments) for u in doc.units)
    buffer = _CountingBuffer(expected, _scaled(progress, 30, 90 if check else 99))
    try:
        write_cartridge_to(buffer, doc, version=version, now=now)
    except ExportError as exc:
        raise ValidationFailed(f"The course cannot be written as a cartridge: {exc}.", {"course": [str(exc)]}) from exc
    data = buffer.getvalue()
    findings = []
    if check:
        progress(90, 100, "Checking the cartridge")
        findings = [{"code": f.code, "message": f.message, "where": f.where} for f in check_cartridge(data)]
    progress(100, 100, "Done")
    report = {
        "version": version,
        "units": [{"id": u.id, "title": r.title, "revision": r.number} for u, r in selection.units],
        "left_out": selection.left_out,
        "warnings": selection.warnings,
        "counts": {
            "units": len(doc.units), "lessons": sum(len(u.lessons) for u in doc.units),
            "assessments": sum(len(u.assessments) for u in doc.units),
            "questions": sum(len(a.items) for u in doc.units for a in u.assessments),
            "files": len({a.path for u in doc.units for lesson in u.lessons for a in lesson.assets}),
        },
        "size": len(data),
        "findings": findings,
    }
    return ExportResult(data=data, filename=export_filename(course, version), report=report)


@dataclass(frozen=True)
class ImportOutcome:
    course: Course
    report: dict[str, Any]


def import_cartridge(session: Session, actor: User | None, now: datetime, org: Organization, source, *,
                     filename: str = "", progress: Progress = _quiet, limits: Limits = DEFAULT_LIMITS) -> ImportOutcome:
    """Read an untrusted cartridge (bytes, path or binary file) into a new course; raises
    CartridgeRejected, with a message for the person who uploaded it, before writing anything."""
    progress(0, 100, "Reading the cartridge")
    try:
        result = read_cartridge(source, limits=limits)
    except CartridgeError as exc:
        raise CartridgeRejected(str(exc), {"file": [str(exc)]}) from exc
    doc = result.course
    # No progress after this: the rows are flushed, and on SQLite a progress write from another
    # connection would wait for this transaction. The job's own "done" says the rest.
    written = import_course(session, actor, now, org, doc, _scaled(progress, 30, 95))
    if not any(u.lessons or u.assessments or u.links for u in doc.units):
        written.notes.append("The cartridge holds no pages, quizzes or links Toolpath can import; the new course is empty.")
    report = {
        "course": {"id": written.course.id, "slug": written.course.slug, "title": written.course.title},
        "cartridge": {"filename": filename, "version": result.report.version, "schema": result.report.schema,
                      "made_by_canvas": result.report.made_by_canvas},
        "created": dict(sorted(written.created.items())),
        "skipped": [{"title": s.title, "kind": s.kind, "reason": s.reason, "where": s.where} for s in result.report.skipped]
                   + written.skipped,
        "notes": list(result.report.notes) + written.notes,
    }
    return ImportOutcome(course=written.course, report=report)


__all__ = ["CartridgeRejected", "ExportResult", "ImportOutcome", "VERSIONS", "export_cartridge", "import_cartridge"]
