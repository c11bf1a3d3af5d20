"""Identifiers inside a cartridge.

Model identifiers (database keys, UUIDs that may start with a digit) are not valid xs:ID values,
so every identifier in the manifest comes from an id factory: a callable (kind, key) -> xs:ID,
where `kind` says what is being named ("resource", "item", ...) and `key` is a stable string
derived from the model. The default hashes (kind, key), so re-exporting the same course gives the
same identifiers (LMS imports can match them); tests inject SequentialIds for readable goldens.
"""
from __future__ import annotations

import hashlib
import re
from typing import Callable

IdFactory = Callable[[str, str], str]

# xs:ID is an NCName: a letter or underscore first, then letters, digits, '.', '-', '_' (no ':').
# \w is Unicode-aware, which approximates XML's NameChar classes closely enough for our checks.
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")


def is_xs_id(value: str) -> bool:
    return _NCNAME.fullmatch(value) is not None


def stable_ids(kind: str, key: str) -> str:
    """Deterministic, content-addressed identifier: 'i' + 32 hex digits of sha256(kind, key)."""
    return "i" + hashlib.sha256(f"{kind}\x00{key}".encode()).hexdigest()[:32]


class SequentialIds:
    """KIND_0001, KIND_0002, ... in call order (the writer calls in document order)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def __call__(self, kind: str, key: str) -> str:
        n = self._counts.get(kind, 0) + 1
        self._counts[kind] = n
        return f"{kind.upper().replace('-', '_')}_{n:04d}"
