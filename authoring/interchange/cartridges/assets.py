"""Lesson files between the app and a cartridge: the app's asset URLs <-> paths under web_resources/.

Stored lessons link images by the app's own URL (/o/<org>/assets/<id>); a cartridge links them by a
relative path. Which URLs are asset URLs is asked of the app's URL map, so a route change cannot
silently break exports.
"""
from __future__ import annotations

import html as htmllib
import posixpath
import re
from typing import Callable
from urllib.parse import urlsplit

from flask import current_app
from lxml import html
from werkzeug.exceptions import HTTPException

ASSET_ENDPOINT = "curriculum.asset"
LINK_ATTRIBUTES = ("src", "href")

# Served inline only when the bytes say the same thing as the name: an uploaded .svg or .html served
# from our origin would run script in our pages. Anything else is kept, but served as a download.
_SNIFF = (
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"),
)
DOWNLOAD_TYPE = "application/octet-stream"


def safe_content_type(data: bytes) -> str:
    for magic, content_type in _SNIFF:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return DOWNLOAD_TYPE


def asset_url(org_slug: str, asset_id: int) -> str:
    """The app-relative URL of an asset; works without a request (CLI, job threads)."""
    return current_app.url_map.bind("").build(ASSET_ENDPOINT, {"org": org_slug, "asset_id": asset_id})


def asset_id_of(value: str, base_url: str) -> int | None:
    """The asset id an <img src>/<a href> names, when it is one of this app's asset URLs."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        base = urlsplit(base_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
    if not parts.path.startswith("/"):
        return None
    try:
        endpoint, args = current_app.url_map.bind("").match(parts.path, method="GET")
    except HTTPException:
        return None
    return int(args["asset_id"]) if endpoint == ASSET_ENDPOINT else None


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def cartridge_path(filename: str, sha256: str) -> str:
    """Where an asset goes under web_resources/: its content hash keeps two files that share a name
    apart, and re-exporting an imported course gives the same path again."""
    name = _UNSAFE.sub("-", posixpath.basename(filename.replace("\\", "/"))).strip("-.") or "file"
    return f"images/{sha256[:12]}/{name[-120:]}"


def rewrite_links(body_html: str, new_value: Callable[[str], str | None]) -> str:
    """Replace src/href values for which `new_value` gives a replacement; unchanged HTML is returned
    as it was (no re-serialisation), so bodies without files stay byte-identical."""
    if not body_html.strip():
        return body_html
    root = html.fragment_fromstring(body_html, create_parent="div")
    changed = False
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in LINK_ATTRIBUTES:
            value = el.get(attr)
            if value is not None and (replacement := new_value(value)) is not None:
                el.set(attr, replacement)
                changed = True
    if not changed:
        return body_html
    head = htmllib.escape(root.text or "", quote=False)
    return head + "".join(html.tostring(child, encoding="unicode") for child in root)
