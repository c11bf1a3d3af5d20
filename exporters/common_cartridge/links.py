"""Web links (imswl) and discussion topics (imsdt): small XML files, written and read."""
from __future__ import annotations

import html as htmllib

from lxml import etree

from ..model import LinkDoc, LinkKind
from .namespaces import Profile


def build_weblink(link: LinkDoc, p: Profile) -> etree._Element:
    wl = p.E["wl"]
    return wl.webLink(wl.title(link.title), wl.url(href=link.url, target="_blank"))


def build_topic(link: LinkDoc, p: Profile) -> etree._Element:
    dt = p.E["dt"]
    return dt.topic(dt.title(link.title), dt.text(link.text_html, texttype="text/html"))


def parse_weblink(root: etree._Element, identifier: str, item_title: str) -> LinkDoc | None:
    url = root.find("{*}url")
    href = (url.get("href") or "").strip() if url is not None else ""
    if not href:
        return None
    title = item_title or (root.findtext("{*}title") or "").strip() or href  # the module's name wins
    return LinkDoc(identifier=identifier, kind=LinkKind.web, title=title, url=href)


def parse_topic(root: etree._Element, identifier: str, item_title: str) -> LinkDoc:
    text = root.find("{*}text")
    body = (text.text or "") if text is not None else ""
    if text is not None and "html" not in (text.get("texttype") or "text/plain"):
        body = htmllib.escape(body)
    title = item_title or (root.findtext("{*}title") or "").strip()
    return LinkDoc(identifier=identifier, kind=LinkKind.discussion, title=title, text_html=body.strip())
