"""Lesson pages: Toolpath body HTML <-> complete HTML documents inside the cartridge.

In the model, a lesson's body refers to its assets by their path relative to web_resources/
(URL-quoted). In the cartridge, assets live under web_resources/ and pages link to them with
relative paths (the CC rule for web content; Canvas, Moodle and cc2olx all resolve them). On import
we also resolve $IMS-CC-FILEBASE$ links, which Canvas writes, including its odd spellings.
"""
from __future__ import annotations

import html as htmllib
import posixpath
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from lxml import html
from lxml.html import builder as H

from ..model import LessonDoc

WEB_RESOURCES = "web_resources/"
LINK_ATTRIBUTES = ("src", "href", "data", "poster")
# Canvas writes the token as-is, percent-encoded, and (in some versions) with underscores.
FILEBASE_TOKENS = ("$IMS-CC-FILEBASE$", "%24IMS-CC-FILEBASE%24", "$IMS_CC_FILEBASE$", "%24IMS_CC_FILEBASE%24")


def _local_path(value: str) -> str | None:
    """The unquoted path part of a relative link, or None for external/anchor/template links."""
    value = value.strip()
    if not value or value.startswith(("#", "/", "$", "%24", "data:", "mailto:")):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return unquote(parts.path)


def _rewrite_links(root: html.HtmlElement, new_value: Callable[[str], str | None]) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in LINK_ATTRIBUTES:
            value = el.get(attr)
            if value is not None and (replacement := new_value(value)) is not None:
                el.set(attr, replacement)


# ---------------------------------------------------------------------------------------- write

def build_page(lesson: LessonDoc, page_path: str, language: str) -> bytes:
    """A complete HTML5 document for `lesson`, stored at `page_path` in the zip."""
    page_dir = posixpath.dirname(page_path)
    asset_paths = {a.path for a in lesson.assets}

    def to_zip(value: str) -> str | None:
        path = _local_path(value)
        if path is None or path.removeprefix("./") not in asset_paths:
            return None
        target = posixpath.relpath(WEB_RESOURCES + path.removeprefix("./"), page_dir or ".")
        return quote(target, safe="/")

    if lesson.body_html.strip():
        body = html.fragment_fromstring(lesson.body_html, create_parent="body")
        _rewrite_links(body, to_zip)
    else:
        body = H.BODY()
    document = H.HTML(H.HEAD(H.META(charset="utf-8"), H.TITLE(lesson.title)), body, lang=language or "en")
    return html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def asset_zip_path(asset_path: str) -> str:
    return WEB_RESOURCES + asset_path


# ----------------------------------------------------------------------------------------- read

@dataclass
class ReadPage:
    title: str
    body_html: str
    assets: dict[str, str] = field(default_factory=dict)  # asset path (model) -> path in the package
    unresolved: list[str] = field(default_factory=list)   # local links to files the package lacks


def model_asset_path(package_path: str) -> str:
    """Where a package file lives in the model: relative to web_resources/ when it is under it."""
    return package_path.removeprefix(WEB_RESOURCES)


class FileIndex:
    """Package file names, with a basename index for links Canvas wrote with the wrong folder."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        by_base: dict[str, list[str]] = {}
        for n in names:
            if n.startswith(WEB_RESOURCES):
                by_base.setdefault(posixpath.basename(n), []).append(n)
        self._by_base = by_base

    def resolve(self, value: str, page_dir: str) -> str | None:
        """The package path a link in a page at `page_dir` points to, if the file is there."""
        value = value.strip()
        for token in FILEBASE_TOKENS:
            if value.startswith(token):
                path = unquote(urlsplit(value[len(token):]).path).lstrip("/")
                for candidate in (posixpath.join(page_dir, path), WEB_RESOURCES + path):
                    if posixpath.normpath(candidate) in self.names:
                        return posixpath.normpath(candidate)
                matches = self._by_base.get(posixpath.basename(path), [])
                return matches[0] if len(matches) == 1 else None
        path = _local_path(value)
        if path is None:
            return None
        candidate = posixpath.normpath(posixpath.join(page_dir, path))
        if candidate.startswith("../") or candidate == "..":
            return None
        return candidate if candidate in self.names else None

    def is_local_link(self, value: str) -> bool:
        return value.strip().startswith(FILEBASE_TOKENS) or _local_path(value) is not None


def inner_html(element: html.HtmlElement) -> str:
    head = htmllib.escape(element.text or "", quote=False)
    return (head + "".join(html.tostring(child, encoding="unicode") for child in element)).strip()


def read_page(document: html.HtmlElement, page_path: str, files: FileIndex) -> ReadPage:
    """Title, body and assets of an HTML page; links to package files become asset paths."""
    body = document.find("body")
    return _read_body(body if body is not None else H.BODY(), (document.findtext(".//title") or "").strip(),
                      page_path, files)


def read_fragment(text: str, base_path: str, files: FileIndex) -> ReadPage:
    """Like read_page for HTML kept inside an XML file (assignment text); links resolve from `base_path`."""
    body = html.fragment_fromstring(text, create_parent="body") if text.strip() else H.BODY()
    return _read_body(body, "", base_path, files)


def _read_body(body: html.HtmlElement, title: str, page_path: str, files: FileIndex) -> ReadPage:
    page_dir = posixpath.dirname(page_path)
    page = ReadPage(title=title, body_html="")

    def to_model(value: str) -> str | None:
        target = files.resolve(value, page_dir)
        if target is None:
            if files.is_local_link(value) and not value.startswith(("$CANVAS", "$WIKI")):
                page.unresolved.append(value)
            return None
        if target.lower().endswith((".html", ".htm")):
            return None  # a link to another page stays a link, not a copied file
        asset = model_asset_path(target)
        page.assets[asset] = target
        return quote(asset, safe="/")

    _rewrite_links(body, to_model)
    page.body_html = inner_html(body)
    return page
