"""Errors raised by the cartridge codec. Messages are written for the teacher who uploaded the file."""
from __future__ import annotations


class CartridgeError(Exception):
    """The file cannot be read as a Common Cartridge (bad, unsafe or unsupported input)."""


class NotAZipError(CartridgeError):
    pass


class UnsafePathError(CartridgeError):
    """An entry would land outside the package (zip-slip), is absolute, or uses backslashes."""


class SymlinkError(CartridgeError):
    pass


class NonUtf8NameError(CartridgeError):
    pass


class EncryptedEntryError(CartridgeError):
    pass


class ZipBombError(CartridgeError):
    """Too many entries, too large once unpacked, or compressed suspiciously well."""


class DuplicateEntryError(CartridgeError):
    pass


class MissingManifestError(CartridgeError):
    pass


class DuplicateManifestError(DuplicateEntryError):
    pass


class UnsafeXmlError(CartridgeError):
    """A DOCTYPE, entity declaration or other construct we refuse to parse."""


class XmlTooLargeError(CartridgeError):
    pass


class MalformedXmlError(CartridgeError):
    pass


class UnsupportedCartridgeError(CartridgeError):
    """Well-formed, but not a Common Cartridge version we read."""


class ExportError(ValueError):
    """The course cannot be written as asked (e.g. a quiz item with no correct answer)."""
