"""`toolpath export-cc` and `toolpath import-cc` against the test app (and its rolled-back session)."""
from __future__ import annotations

import json

from flask.cli import ScriptInfo
from sqlalchemy import select

from authoring.cli import main
from authoring.curriculum.models import Course
from exporters.common_cartridge import check_cartridge, read_cartridge
from tests.fixtures.tenancy import make_org

from .conftest import counts, make_course, make_zip


def run(app, *args):
    info = ScriptInfo(create_app=lambda: app, load_dotenv_defaults=False)
    return app.test_cli_runner().invoke(main, list(args), obj=info, catch_exceptions=False)


def test_export_each_variant_of_a_sample_course(app, db_session, tmp_path):
    for version in ("1.3", "1.1", "thin"):
        out = tmp_path / f"ml1-{version}.imscc"
        result = run(app, "export-cc", "machining-level-1", "--cc-version", version, "-o", str(out), "--org", "demo")
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.stdout and "Passed Toolpath's cartridge checks" in result.stdout
        assert check_cartridge(out) == [] and read_cartridge(out).course.title == "Machining Level I"
    assert "not included: Milling: Manual and CNC (never published)" in result.stdout
    assert "Exporting machining-level-1" in result.stderr   # the progress bar stays off stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ml1-1.1.imscc", "ml1-1.3.imscc", "ml1-thin.imscc"]


def test_export_chosen_units_as_json(app, db_session, tmp_path):
    org = make_org(db_session)
    course, units = make_course(db_session, org, units=3, images=False)
    db_session.commit()
    out = tmp_path / "two.imscc"
    result = run(app, "export-cc", course.slug, "--unit", units[2].slug, "--unit", str(units[0].id), "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [u["id"] for u in report["units"]] == [units[2].id, units[0].id] and report["file"] == str(out)
    assert [u.title for u in read_cartridge(out).course.units] == [units[2].title, units[0].title]


def test_export_refusals_leave_no_file(app, db_session, tmp_path):
    org = make_org(db_session)
    course, _ = make_course(db_session, org, units=1, images=False)
    twin = make_org(db_session)
    db_session.add(Course(organization_id=twin.id, slug=course.slug, title="Twin"))
    db_session.commit()
    out = tmp_path / "x.imscc"
    result = run(app, "export-cc", course.slug, "-o", str(out))
    assert result.exit_code == 2 and "say which with --org" in result.output
    result = run(app, "export-cc", course.slug, "--org", twin.slug, "-o", str(out))
    assert result.exit_code == 1 and "no published units" in result.output
    result = run(app, "export-cc", course.slug, "--org", org.slug, "--unit", "nope", "-o", str(out))
    assert result.exit_code == 2 and "nope" in result.output
    assert run(app, "export-cc", "no-such-course", "-o", str(out)).exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_import_prints_a_summary_or_json(app, db_session, cc_fixtures):
    org = make_org(db_session)
    db_session.commit()
    result = run(app, "import-cc", str(cc_fixtures / "all-question-types"), "--org", org.slug)
    assert result.exit_code == 0, result.output
    assert "Imported 'XavierSchool' as course 'xavierschool'" in result.stdout and "Not imported" in result.stdout
    result = run(app, "import-cc", str(cc_fixtures / "reference-cc13.imscc"), "--org", org.slug, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["created"]["units"] >= 1 and report["cartridge"]["version"] == "1.3"
    slugs = set(db_session.execute(select(Course.slug).where(Course.organization_id == org.id)).scalars())
    assert {"xavierschool", report["course"]["slug"]} <= slugs


def test_import_refusals_write_nothing(app, db_session, tmp_path):
    org = make_org(db_session)
    db_session.commit()
    evil = tmp_path / "evil.imscc"
    evil.write_bytes(make_zip(("imsmanifest.xml", b"<manifest/>"), ("../../etc/evil", b"x")))
    before = counts(db_session)
    result = run(app, "import-cc", str(evil), "--org", org.slug)
    assert result.exit_code == 1 and "outside the cartridge" in result.output
    assert run(app, "import-cc", str(evil), "--org", "no-such-org").exit_code == 1
    assert counts(db_session) == before
