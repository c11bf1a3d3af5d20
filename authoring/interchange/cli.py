"""`toolpath export-cc` and `toolpath import-cc` (registered by one import line in authoring/cli.py).

Both print a progress bar to stderr, so `--json` output on stdout stays clean for scripts; any
refusal exits 1 with a one-line reason and leaves nothing behind (no course, no partial file).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from authoring.cli import fail_on_domain_error, main
from authoring.curriculum.models import Course, Unit
from authoring.db import db, utcnow
from authoring.errors import NotFound
from authoring.interchange import cartridges
from authoring.interchange.cartridges.export import VERSIONS
from authoring.tenancy import services as tenancy
from authoring.tenancy.models import Organization


def _bar(label: str):
    """A click progress bar fed with (done, total, step) callbacks, as percent."""
    bar = click.progressbar(length=100, label=label, file=sys.stderr)

    def progress(done: int, total: int, step: str) -> None:
        percent = min(100, done * 100 // max(total, 1))
        if percent > bar.pos:
            bar.update(percent - bar.pos)

    return bar, progress


def _course(course_ref: str, org_slug: str | None) -> tuple[Organization, Course]:
    query = select(Course, Organization).join(Organization, Course.organization_id == Organization.id).where(Course.slug == course_ref)
    if org_slug:
        query = query.where(Organization.slug == tenancy.get_org(db.session, org_slug).slug)
    rows = db.session.execute(query).all()
    if not rows:
        raise NotFound(f"No course '{course_ref}'" + (f" in '{org_slug}'." if org_slug else "."))
    if len(rows) > 1:
        raise click.UsageError(f"Several organizations have a course '{course_ref}' "
                               f"({', '.join(sorted(o.slug for _, o in rows))}); say which with --org.")
    course, org = rows[0]
    return org, course


def _unit_ids(course: Course, refs: tuple[str, ...]) -> list[int] | None:
    if not refs:
        return None
    units = db.session.execute(select(Unit.id, Unit.slug).where(Unit.course_id == course.id)).all()
    by_ref = {slug: unit_id for unit_id, slug in units} | {str(unit_id): unit_id for unit_id, _ in units}
    unknown = [r for r in refs if r not in by_ref]
    if unknown:
        raise click.BadParameter(f"not in course '{course.slug}': {', '.join(unknown)}", param_hint="--unit")
    return [by_ref[r] for r in refs]


@main.command("export-cc")
@click.argument("course")
@click.option("--cc-version", type=click.Choice(VERSIONS), default="1.3", show_default=True,
              help="1.3 (Canvas, Blackboard, Open edX), 1.1 (Moodle) or thin (LTI links only).")
@click.option("--unit", "units", multiple=True, help="A unit slug or id; repeat for several. Default: every published unit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .imscc file to write.")
@click.option("--org", "org_slug", help="Organization slug; needed when several have a course with this slug.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_appcontext
@fail_on_domain_error
def export_cc_command(course: str, cc_version: str, units: tuple[str, ...], output: Path, org_slug: str | None, as_json: bool) -> None:
    """Export COURSE's published units as a Common Cartridge."""
    org, found = _course(course, org_slug)
    bar, progress = _bar(f"Exporting {found.slug}")
    with bar:
        result = cartridges.export_cartridge(db.session, org, found, version=cc_version, unit_ids=_unit_ids(found, units),
                                             progress=progress)
    # Write beside the target, then rename: a failed export never leaves half a file.
    fd, tmp = tempfile.mkstemp(dir=output.resolve().parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(result.data)
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise
    report = result.report
    if as_json:
        click.echo(json.dumps({"file": str(output), **report}, sort_keys=True))
        return
    c = report["counts"]
    click.echo(f"Wrote {output} ({report['size'] // 1024} KB, CC {cc_version}): {c['units']} units, {c['lessons']} lessons, "
               f"{c['assessments']} assessments, {c['questions']} questions, {c['files']} files.")
    for left in report["left_out"]:
        click.echo(f"  not included: {left['title']} ({left['reason']})")
    for warning in report["warnings"]:
        click.echo(f"  warning: {warning}")
    for f in report["findings"]:
        click.echo(f"  check {f['code']}: {f['message']} {f['where']}".rstrip())
    if not report["findings"]:
        click.echo("  Passed Toolpath's cartridge checks.")


@main.command("import-cc")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--org", "org_slug", required=True, help="Organization slug: the new course goes there.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@with_appcontext
@fail_on_domain_error
def import_cc_command(file: Path, org_slug: str, as_json: bool) -> None:
    """Import a Common Cartridge FILE (.imscc, or an unpacked folder) as a new course of draft units."""
    org = tenancy.get_org(db.session, org_slug)
    bar, progress = _bar(f"Importing {file.name}")
    with bar:
        outcome = cartridges.import_cartridge(db.session, None, utcnow(), org, file, filename=file.name, progress=progress)
    db.session.commit()
    report = outcome.report
    if as_json:
        click.echo(json.dumps(report, sort_keys=True))
        return
    created = ", ".join(f"{n} {what}" for what, n in report["created"].items())
    click.echo(f"Imported '{outcome.course.title}' as course '{outcome.course.slug}' in '{org.slug}' (draft units): {created}.")
    if report["skipped"]:
        click.echo(f"Not imported ({len(report['skipped'])}):")
        for s in report["skipped"]:
            click.echo(f"  - {s['kind']}: {s['title']}: {s['reason']}")
    for note in report["notes"]:
        click.echo(f"Note: {note}")
