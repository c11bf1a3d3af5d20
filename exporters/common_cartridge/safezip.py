"""Open an untrusted cartridge (a zip file, its bytes, or an unpacked directory) safely.

Everything is checked before any content is read: entry names (zip-slip, absolute paths,
backslashes, non-UTF-8), symlinks, encryption, entry count, declared sizes and compression
ratios (zip bombs), and exactly one imsmanifest.xml at the top. Reads are capped again at the
declared size, so a lying header cannot inflate memory.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Protocol, Union

from .errors import (
    DuplicateEntryError, DuplicateManifestError, EncryptedEntryError, MissingManifestError,
    NonUtf8NameError, NotAZipError, SymlinkError, UnsafePathError, ZipBombError,
)

MANIFEST = "imsmanifest.xml"
MiB = 1024 * 1024

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, BinaryIO]


@dataclass(frozen=True, slots=True)
class Limits:
    """Ceilings for untrusted packages. The defaults admit a large real course (videos included)
    and refuse archives built to exhaust memory or disk."""

    max_entries: int = 20_000
    max_file_size: int = 512 * MiB
    max_total_size: int = 2048 * MiB
    max_ratio: float = 200.0            # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MiB          # small files compress very well legitimately
    max_xml_size: int = 32 * MiB        # any single XML document we parse (manifest, QTI, ...)


DEFAULT_LIMITS = Limits()


class Package(Protocol):
    """Read access to a validated package, by POSIX path relative to its root."""

    label: str

    def names(self) -> frozenset[str]: ...

    def read(self, name: str) -> bytes: ...

    def size(self, name: str) -> int: ...


_DRIVE = re.compile(r"^[A-Za-z]:")


def check_name(name: str) -> str:
    """Return the normalised entry name, or raise if it could escape the package root."""
    if "\x00" in name or any(ord(c) < 32 for c in name):
        raise UnsafePathError(f"The file name {name!r} contains control characters.")
    if "\\" in name:
        raise UnsafePathError(
            f"The entry '{name}' uses a backslash in its path; cartridges must use forward slashes.")
    if name.startswith("/") or _DRIVE.match(name):
        raise UnsafePathError(f"The entry '{name}' has an absolute path; cartridges only hold relative paths.")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UnsafePathError(f"The entry '{name}' points outside the cartridge ('..' in its path).")
    return "/".join(parts)


def _utf8_name(info: zipfile.ZipInfo) -> str:
    """zipfile decodes names without the UTF-8 flag as cp437; most tools wrote UTF-8 anyway."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NonUtf8NameError(
            f"The entry name {raw!r} is not UTF-8; re-create the cartridge with a tool that writes "
            "UTF-8 file names.") from None


class ZipPackage:
    def __init__(self, zf: zipfile.ZipFile, label: str, limits: Limits) -> None:
        self._zf = zf
        self.label = label
        self._limits = limits
        self._infos: dict[str, zipfile.ZipInfo] = {}
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ZipBombError(
                f"The cartridge has {len(infos)} files; at most {limits.max_entries} are accepted.")
        total = 0
        for info in infos:
            name = check_name(_utf8_name(info))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise SymlinkError(f"The entry '{name}' is a symbolic link; cartridges may not contain links.")
            if info.is_dir() or not name:
                continue
            if info.flag_bits & 0x1:
                raise EncryptedEntryError(f"The entry '{name}' is encrypted; upload an unencrypted cartridge.")
            if info.file_size > limits.max_file_size:
                raise ZipBombError(
                    f"The file '{name}' is {info.file_size // MiB} MB once unpacked; "
                    f"the limit is {limits.max_file_size // MiB} MB per file.")
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise ZipBombError(
                    f"The file '{name}' expands {info.file_size // max(info.compress_size, 1)} times when "
                    "unpacked, which looks like a zip bomb.")
            total += info.file_size
            if total > limits.max_total_size:
                raise ZipBombError(
                    f"The cartridge is larger than {limits.max_total_size // MiB} MB once unpacked.")
            if name in self._infos:
                if name == MANIFEST:
                    raise DuplicateManifestError("The cartridge contains imsmanifest.xml twice.")
                raise DuplicateEntryError(f"The cartridge contains '{name}' twice.")
            self._infos[name] = info
        _require_manifest(self._infos.keys())

    def names(self) -> frozenset[str]:
        return frozenset(self._infos)

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str) -> bytes:
        info = self._infos[name]  # KeyError for a missing file, like a dict
        chunks, got = [], 0
        with self._zf.open(info) as f:
            while chunk := f.read(1 * MiB):
                got += len(chunk)
                if got > info.file_size:
                    raise ZipBombError(f"The file '{name}' is larger than its zip header says.")
                chunks.append(chunk)
        return b"".join(chunks)


class DirPackage:
    """An unpacked cartridge directory (some real fixtures come that way)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self._root = root
        self.label = str(root)
        self._sizes: dict[str, int] = {}
        total = 0
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            for d in dirnames:
                if os.path.islink(os.path.join(dirpath, d)):
                    raise SymlinkError(f"The folder '{d}' is a symbolic link; cartridges may not contain links.")
            for fn in filenames:
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                try:
                    rel.encode("utf-8")
                except UnicodeEncodeError:
                    raise NonUtf8NameError(f"The file name {rel!r} is not UTF-8.") from None
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    raise SymlinkError(f"The file '{rel}' is a symbolic link; cartridges may not contain links.")
                if st.st_size > limits.max_file_size:
                    raise ZipBombError(f"The file '{rel}' is larger than {limits.max_file_size // MiB} MB.")
                total += st.st_size
                if total > limits.max_total_size or len(self._sizes) >= limits.max_entries:
                    raise ZipBombError("The cartridge folder is too large.")
                self._sizes[check_name(rel)] = st.st_size
        _require_manifest(self._sizes.keys())

    def names(self) -> frozenset[str]:
        return frozenset(self._sizes)

    def size(self, name: str) -> int:
        return self._sizes[name]

    def read(self, name: str) -> bytes:
        size = self._sizes[name]
        with open(self._root / name, "rb") as f:
            data = f.read(size + 1)
        if len(data) > size:
            raise ZipBombError(f"The file '{name}' grew while it was being read.")
        return data


def _require_manifest(names) -> None:
    if MANIFEST in names:
        return
    nested = sorted(n for n in names if n.endswith("/" + MANIFEST))
    hint = (f" It was found at '{nested[0]}': zip the contents of that folder, not the folder itself."
            if nested else "")
    raise MissingManifestError(
        "This file is not a Common Cartridge: there is no imsmanifest.xml at its top level." + hint)


@contextmanager
def open_package(source: Source, limits: Limits = DEFAULT_LIMITS) -> Iterator[Package]:
    """Validate and open a cartridge from a path (zip file or directory), bytes or a binary file."""
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        yield DirPackage(Path(source), limits)
        return
    if isinstance(source, (bytes, bytearray, memoryview)):
        fileobj: BinaryIO | str | os.PathLike = io.BytesIO(bytes(source))
        label = "upload"
    else:
        fileobj = source
        label = posixpath.basename(os.fspath(source)) if isinstance(source, (str, os.PathLike)) else "upload"
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise NotAZipError(
            "This file is not a zip archive, so it cannot be a Common Cartridge (.imscc) file.") from exc
    with zf:
        try:
            yield ZipPackage(zf, label, limits)
        except zipfile.BadZipFile as exc:
            raise NotAZipError(f"The cartridge is damaged: {exc}.") from exc
