"""Write a course as a Common Cartridge zip: write_cartridge (bytes) and write_cartridge_to (stream).

Determinism: with the same course, `now` and id factory the output is byte-identical. Entry order is
the plan's (manifest first, then files in course order), every entry carries the timestamp of
`now`, the same permissions and creator system, and text is deflated at a fixed level while
already-compressed media are stored.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import BinaryIO

from ..model import CourseDoc
from .ids import IdFactory, stable_ids
from .manifest import build_manifest
from .namespaces import profile
from .plan import plan_cartridge, xml_bytes

COMPRESSLEVEL = 6


def _zip_time(now: datetime) -> tuple[int, int, int, int, int, int]:
    # The zip format stores local-looking times from 1980 to 2107 with 2-second precision.
    year = min(max(now.year, 1980), 2107)
    return (year, now.month, now.day, now.hour, now.minute, now.second - now.second % 2)


def write_cartridge_to(fileobj: BinaryIO, course: CourseDoc, *, version: str = "1.3",
                       now: datetime | None = None, id_factory: IdFactory = stable_ids) -> None:
    """Stream a cartridge into `fileobj` (need not be seekable). `version` is "1.3", "1.1" or "thin".

    Raises ExportError (a ValueError) when the course cannot be expressed, before anything is written.
    """
    p = profile(version)
    now = now or datetime.now(timezone.utc)
    plan = plan_cartridge(course, p, id_factory)
    manifest = xml_bytes(build_manifest(course, plan, p, now))
    stamp = _zip_time(now)

    def entry(name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.create_system = 3                 # unix, whatever machine writes it
        info.external_attr = 0o100644 << 16    # a regular file, rw-r--r--
        return info

    with zipfile.ZipFile(fileobj, "w") as zf:
        zf.writestr(entry("imsmanifest.xml", True), manifest, compresslevel=COMPRESSLEVEL)
        for f in plan.files:
            zf.writestr(entry(f.path, f.compress), f.render(), compresslevel=COMPRESSLEVEL)


def write_cartridge(course: CourseDoc, *, version: str = "1.3", now: datetime | None = None,
                    id_factory: IdFactory = stable_ids) -> bytes:
    """The cartridge as bytes (.imscc). See write_cartridge_to."""
    buffer = io.BytesIO()
    write_cartridge_to(buffer, course, version=version, now=now, id_factory=id_factory)
    return buffer.getvalue()
