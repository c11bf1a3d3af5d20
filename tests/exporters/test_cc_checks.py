"""Our checks catch each rule broken in an otherwise good cartridge."""
from __future__ import annotations

import io
import zipfile

import pytest

from exporters.common_cartridge import SequentialIds, check_cartridge, write_cartridge

from .courses import NOW, sample_course


def good_files() -> dict[str, bytes]:
    data = write_cartridge(sample_course(), now=NOW, id_factory=SequentialIds())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def pack(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def codes_after(name: str, old: str, new: str) -> set[str]:
    files = good_files()
    target = next(n for n in files if n == name or n.startswith(name))
    assert old.encode() in files[target], f"{old!r} not in {target}"
    files[target] = files[target].replace(old.encode(), new.encode())
    return {f.code for f in check_cartridge(pack(files))}


M = "imsmanifest.xml"


def test_the_good_cartridge_has_no_findings():
    assert check_cartridge(pack(good_files())) == []


@pytest.mark.parametrize("name, old, new, code", [
    (M, 'identifier="UNIT_0001"', 'identifier="1st unit"', "identifier-invalid"),
    (M, 'identifier="ITEM_0002"', 'identifier="ITEM_0001"', "identifier-duplicate"),
    (M, 'identifierref="RESOURCE_0004"', 'identifierref="RESOURCE_9999"', "identifierref-dangling"),
    (M, '<dependency identifierref="RESOURCE_0002"/>', '<dependency identifierref="RESOURCE_0001"/>', "dependency-self"),
    (M, "<schemaversion>1.3.0</schemaversion>", "<schemaversion>1.2.0</schemaversion>", "schemaversion"),
    (M, "<schema>IMS Common Cartridge</schema>", "<schema>IMS Content</schema>", "schema"),
    (M, "lomimscc:lom>", "lomimscc:notlom>", "lom-missing"),
    (M, "Machining Level I</lomimscc:string>", "</lomimscc:string>", "lom-title"),
    (M, '<organization identifier="ORG_0001" structure="rooted-hierarchy">', '<organization identifier="ORG_0001">', "organization-structure"),
    (M, '<item identifier="ROOT_0001">', '<item identifier="ROOT_0001"><title>Root</title>', "root-item"),
    (M, "<title>Speeds &amp; feeds</title>", "", "item-title"),
    (M, '"imswl_xmlv1p3"', '"imswl_xmlv1p1"', "resource-type"),
    (M, 'type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment"', 'type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment" href="x.xml"', "resource-href"),
    (M, 'href="lessons/RESOURCE_0001.html">', 'href="lessons/other.html">', "href-file"),
    (M, '<file href="web_resources/images/lathe chuck.png"/>', '<file href="web_resources/images/missing.png"/>', "file-missing"),
    (M, '<file href="web_resources/images/lathe chuck.png"/>', '<file href="web_resources\\images\\lathe chuck.png"/>', "file-backslash"),
    (M, '<file href="web_resources/images/lathe chuck.png"/>', '<file href="../../etc/passwd"/>', "file-unsafe"),
    (M, "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0", "http://www.imsglobal.org/xsd/imsccv1p3/csmd_v1p0", "standards-namespace"),
    ("assessments/", "<fieldentry>cc.exam.v0p1</fieldentry>", "<fieldentry>exam</fieldentry>", "qti-profile"),
    ("assessments/", "<fieldentry>cc.essay.v0p1</fieldentry>", "<fieldentry>cc.matching.v0p1</fieldentry>", "qti-item-profile"),
    ("assessments/", 'varname="SCORE" vartype', 'varname="POINTS" vartype', "qti-decvar"),
    ("assessments/", '<mattext texttype="text/plain">Chip tray</mattext>', "<mattext>Chip tray</mattext><emph/>", "qti-material"),
    ("assessments/", '<section ident="', '<section ident="extra"><item ident="x"/></section><section ident="', "qti-section"),
    ("lti/", "<blti:vendor>", '<blti:custom><lticm:property name="oauth_consumer_secret">s3cret</lticm:property></blti:custom><blti:vendor>', "lti-secret"),
    ("lti/", "launch_url>", "launch_urx>", "lti-launch"),
    ("assessments/", "</questestinterop>", "", "xml"),
    ("links/", 'href="https://www.osha.gov/machine-guarding"', 'href=""', "weblink-url"),
])
def test_each_broken_rule_is_found(name, old, new, code):
    assert code in codes_after(name, old, new)


def test_metadata_must_be_last_in_an_item():
    files = good_files()
    manifest = files[M].decode()
    start = manifest.index("<metadata>", manifest.index('<item identifier="UNIT_0001">'))
    end = manifest.index("</metadata>", start) + len("</metadata>")
    block = manifest[start:end]
    manifest = manifest[:start] + manifest[end:]
    manifest = manifest.replace("<title>Unit 1: The engine lathe</title>", "<title>Unit 1: The engine lathe</title>" + block)
    files[M] = manifest.encode()
    assert "item-order" in {f.code for f in check_cartridge(pack(files))}


def test_thin_cartridges_may_only_hold_links():
    codes = codes_after(M, "<schema>IMS Common Cartridge</schema>", "<schema>IMS Thin Common Cartridge</schema>")
    assert "resource-type" in codes


def test_unreadable_packages_give_one_finding():
    (finding,) = check_cartridge(b"not a zip")
    assert finding.code == "package" and "not a zip archive" in finding.message


def test_real_canvas_quirks_are_reported(cc_fixtures):
    codes = {f.code for f in check_cartridge(cc_fixtures / "course-1")}
    assert {"resource-type", "identifier-duplicate", "identifierref-dangling", "file-missing", "resource-order"} <= codes
    assert "identifier-invalid" in {f.code for f in check_cartridge(cc_fixtures / "canvas_cc_gem_course.imscc")}
    assert check_cartridge(cc_fixtures / "reference-cc13.imscc") == []
    assert check_cartridge(cc_fixtures / "reference-cc11") == []
