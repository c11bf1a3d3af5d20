"""Writing cartridges: golden files, determinism, official XSDs, our own checks, refusals."""
from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from exporters.common_cartridge import (
    ExportError, SequentialIds, check_cartridge, read_cartridge, stable_ids, write_cartridge, write_cartridge_to,
)
from exporters.model import AssetDoc, ChoiceDoc, ItemDoc, LinkDoc

from .conftest import run_validator
from .courses import NOW, PNG, course_for, sample_course

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"  # UPDATE_GOLDEN=1 pytest tests/exporters rewrites them


def export(version: str = "1.3", course=None) -> bytes:
    return write_cartridge(course or course_for(version), version=version, now=NOW, id_factory=SequentialIds())


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def assert_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing; run UPDATE_GOLDEN=1 pytest tests/exporters to create it"
    assert data.decode() == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("version", ["1.3", "1.1", "thin"])
def test_manifest_matches_golden(version):
    assert_golden(f"cc{version.replace('.', '')}-imsmanifest.xml", entries(export(version))["imsmanifest.xml"])


def test_qti_matches_golden():
    files = entries(export("1.3"))
    (qti_name,) = [n for n in files if n.startswith("assessments/")]
    assert_golden("cc13-assessment.xml", files[qti_name])


def test_lesson_page_matches_golden():
    files = entries(export("1.3"))
    assert_golden("cc13-lesson.html", files["lessons/RESOURCE_0001.html"])


def test_same_input_gives_identical_bytes():
    first = write_cartridge(sample_course(), now=NOW)            # default: stable (hashed) ids
    assert write_cartridge(sample_course(), now=NOW) == first
    assert export() == export()
    assert write_cartridge(sample_course(), now=NOW.replace(year=2026)) != first


def test_stable_ids_are_valid_and_keyed_by_content():
    ident = stable_ids("resource", "lesson:3f1e0c2a")
    assert ident == stable_ids("resource", "lesson:3f1e0c2a") and ident[0] == "i" and len(ident) == 33
    assert stable_ids("resource", "lesson:x") != stable_ids("item", "lesson:x")


def test_zip_layout_is_fixed():
    with zipfile.ZipFile(io.BytesIO(export())) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "imsmanifest.xml"
    assert {i.date_time for i in infos} == {(2025, 1, 15, 12, 30, 0)}
    assert {i.create_system for i in infos} == {3}
    by_name = {i.filename: i for i in infos}
    assert by_name["web_resources/images/lathe chuck.png"].compress_type == zipfile.ZIP_STORED
    assert by_name["imsmanifest.xml"].compress_type == zipfile.ZIP_DEFLATED
    # One copy of an image two lessons share.
    assert sum(1 for i in infos if i.filename.endswith("lathe chuck.png")) == 1


def test_streaming_to_an_unseekable_file_gives_the_same_cartridge():
    class Pipe(io.RawIOBase):
        def __init__(self):
            self.chunks = []

        def writable(self):
            return True

        def write(self, b):
            self.chunks.append(bytes(b))
            return len(b)

    pipe = Pipe()
    write_cartridge_to(pipe, sample_course(), now=NOW, id_factory=SequentialIds())
    streamed = b"".join(pipe.chunks)
    assert entries(streamed) == entries(export())


def test_moodle_finds_the_cc11_namespace_early():
    manifest = entries(export("1.1"))["imsmanifest.xml"]
    assert b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in manifest[:500]


@pytest.mark.parametrize("version", ["1.3", "1.1", "thin"])
def test_every_variant_passes_the_official_schemas(version, validator, tmp_path):
    path = tmp_path / f"course-{version}.imscc"
    path.write_bytes(write_cartridge(course_for(version), version=version, now=NOW))
    output = run_validator(validator, path)
    assert f"VALID: {path}!imsmanifest.xml" in output
    assert "INVALID" not in output and "MISSING" not in output, output
    expected = {"1.3": ["imsqti_xmlv1p2/imscc_xmlv1p3/assessment", "imswl_xmlv1p3", "imsdt_xmlv1p3"],
                "1.1": ["imsqti_xmlv1p2/imscc_xmlv1p1/assessment", "imswl_xmlv1p1", "imsdt_xmlv1p1",
                        "imsbasiclti_xmlv1p0"],
                "thin": ["imswl_xmlv1p3"]}[version]
    for rtype in expected:  # the resource files were validated too, not just the manifest
        assert f"VALID [{rtype}]" in output


@pytest.mark.parametrize("version", ["1.3", "1.1", "thin"])
def test_every_variant_passes_our_checks(version):
    assert check_cartridge(write_cartridge(course_for(version), version=version, now=NOW)) == []


def test_manifest_content():
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
          "lomimscc": "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
          "csm": "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0"}
    root = etree.fromstring(entries(export())["imsmanifest.xml"])
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.3.0"
    assert root.xpath("string(cp:metadata/lomimscc:lom/lomimscc:general/lomimscc:title/lomimscc:string)",
                      namespaces=ns) == "Machining Level I"
    manifest_guids = root.xpath("cp:metadata/csm:curriculumStandardsMetadataSet//csm:GUID/text()", namespaces=ns)
    assert len(manifest_guids) == 3  # union of unit, lesson and quiz standards
    units = root.xpath("cp:organizations/cp:organization/cp:item/cp:item", namespaces=ns)
    assert [u.findtext("cp:title", namespaces=ns) for u in units] == ["Unit 1: The engine lathe", "Unit 2: Measurement"]
    assert [i.findtext("cp:title", namespaces=ns) for i in units[0].findall("cp:item", ns)] == [
        "Parts of the engine lathe", "Parts of the engine lathe (Toolpath)", "Speeds & feeds",
        "Lathe safety check", "Lathe safety check (Toolpath)", "OSHA machine guarding"]


def test_lesson_page_links_its_image_relatively():
    files = entries(export())
    page = files["lessons/RESOURCE_0001.html"].decode()
    assert page.startswith("<!DOCTYPE html>")
    assert 'src="../web_resources/images/lathe%20chuck.png"' in page
    assert files["web_resources/images/lathe chuck.png"] == PNG


def test_lti_links_carry_no_secrets():
    files = entries(export())
    lti = [data for name, data in files.items() if name.startswith("lti/")]
    assert lti and all(b"secret" not in data.lower() and b"<blti:launch_url>https://" in data for data in lti)


def _with_quiz_items(*items):
    course = sample_course()
    unit = course.units[0]
    quiz = dataclasses.replace(unit.assessments[0], items=items)
    return dataclasses.replace(course, units=(dataclasses.replace(unit, assessments=(quiz,)),))


@pytest.mark.parametrize("item, message", [
    (ItemDoc("x", "multiple_choice", "?", choices=(ChoiceDoc("a", "A"), ChoiceDoc("b", "B"))), "exactly one correct"),
    (ItemDoc("x", "multiple_response", "?", choices=(ChoiceDoc("a", "A"), ChoiceDoc("b", "B"))), "at least one correct"),
    (ItemDoc("x", "true_false", "?"), "no true/false answer"),
    (ItemDoc("x", "fill_in_blank", "?"), "no accepted answer"),
])
def test_unwritable_items_are_refused_with_the_question_named(item, message):
    with pytest.raises(ExportError, match=f"'Lathe safety check', question 1: .*{message}"):
        export(course=_with_quiz_items(item))


def test_other_refusals():
    course = sample_course()
    unit = course.units[0]
    clash = dataclasses.replace(unit.lessons[1], assets=(AssetDoc("images/lathe chuck.png", "image/png", b"other"),))
    with pytest.raises(ExportError, match="share the asset path"):
        export(course=dataclasses.replace(course, units=(dataclasses.replace(unit, lessons=(unit.lessons[0], clash)),)))
    unsafe = dataclasses.replace(unit.lessons[1], assets=(AssetDoc("../../etc/passwd", "text/plain", b"x"),))
    with pytest.raises(ExportError, match="not a safe relative path"):
        export(course=dataclasses.replace(course, units=(dataclasses.replace(unit, lessons=(unsafe,)),)))
    secret = LinkDoc("l", "lti", "Tool", "https://tool.example.org", custom=(("oauth_consumer_secret", "x"),))
    with pytest.raises(ExportError, match="credentials"):
        export(course=dataclasses.replace(course, units=(dataclasses.replace(unit, links=(secret,)),)))
    with pytest.raises(ExportError, match="no questions"):
        export(course=_with_quiz_items())
    with pytest.raises(ExportError, match="thin cartridge needs"):
        export("thin", dataclasses.replace(sample_course(launch=False), launch_base_url=None))
    with pytest.raises(ExportError, match="discussion 'Near misses' cannot go in a thin"):
        export("thin", sample_course())
    with pytest.raises(ValueError, match="unknown cartridge version"):
        export("1.2")
    with pytest.raises(ExportError, match="not a valid xs:ID"):
        write_cartridge(sample_course(), now=NOW, id_factory=lambda kind, key: "1-starts-with-a-digit")
    with pytest.raises(ExportError, match="twice"):
        write_cartridge(sample_course(), now=NOW, id_factory=lambda kind, key: "same")


def test_thin_cartridge_launches_toolpath():
    course = sample_course(launch=False)
    unit1 = dataclasses.replace(course.units[0])
    course = dataclasses.replace(course, units=(unit1,))
    files = entries(export("thin", course))
    assert sorted(n.split("/")[0] for n in files) == ["imsmanifest.xml", "links", "lti", "lti", "lti"]
    lesson_link = files["lti/RESOURCE_0001.xml"].decode()
    assert "https://toolpath.example.org/lti/launch" in lesson_link
    assert 'name="toolpath_resource">3f1e0c2a-lesson-1<' in lesson_link
    result = read_cartridge(write_cartridge(course, version="thin", now=NOW))
    assert [link.kind.value for link in result.course.units[0].links] == ["lti", "lti", "lti", "web"]
    assert result.report.schema == "IMS Thin Common Cartridge"


def test_hours_are_written_as_typical_learning_time():
    manifest = entries(export())["imsmanifest.xml"].decode()
    assert "<lom:duration>PT1H30M</lom:duration>" in manifest
    assert "<lom:duration>PT45M</lom:duration>" in manifest
    assert Decimal("1.50") == read_cartridge(export()).course.units[0].lessons[0].hours
