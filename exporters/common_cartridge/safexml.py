"""Parse untrusted XML and HTML from a cartridge.

XML: no DTD loading, no entity resolution, no network, libxml2's size limits on (huge_tree off),
and any DOCTYPE is refused outright: a cartridge never needs one, and refusing it closes the door
on external entities and entity-expansion ("billion laughs") attacks alike.
"""
from __future__ import annotations

import re

from lxml import etree, html

from .errors import MalformedXmlError, UnsafeXmlError, XmlTooLargeError
from .safezip import DEFAULT_LIMITS

# A DOCTYPE can only stand in the prolog, before the first start tag; scanning just that region
# refuses it before libxml2 sees it without tripping over "<!DOCTYPE" quoted inside CDATA content.
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<[A-Za-z_]")


def _xml_parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers keep state and are not shared across threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=True, collect_ids=False,
    )


def parse_xml(data: bytes, name: str, max_size: int = DEFAULT_LIMITS.max_xml_size) -> etree._Element:
    """Parse one XML document from the package; `name` is used in error messages."""
    if len(data) > max_size:
        raise XmlTooLargeError(
            f"'{name}' is {len(data) // (1024 * 1024)} MB; XML files larger than "
            f"{max_size // (1024 * 1024)} MB are not accepted.")
    first_tag = _FIRST_TAG.search(data)
    if _DOCTYPE.search(data, 0, first_tag.start() if first_tag else len(data)):
        raise UnsafeXmlError(
            f"'{name}' declares a DOCTYPE (where external entities and entity bombs hide); "
            "cartridges never need one, so it was refused for safety.")
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        if "depth" in (exc.msg or "").lower() or "huge" in (exc.msg or "").lower():
            raise XmlTooLargeError(f"'{name}' is nested too deeply or has a text too long to be read safely.") from None
        raise MalformedXmlError(f"'{name}' is not well-formed XML (line {exc.lineno}): {exc.msg}.") from None
    # Second line of defence for encodings the byte scan cannot see (UTF-16, UTF-32).
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXmlError(f"'{name}' declares a DOCTYPE, which is refused for safety.")
    return root


def parse_html(data: bytes, name: str, max_size: int = DEFAULT_LIMITS.max_xml_size) -> html.HtmlElement:
    """Parse an HTML page. libxml2's HTML parser never loads DTDs or external entities; we add
    no_network and size limits. The text is decoded as UTF-8 (what every cartridge tool writes)."""
    if len(data) > max_size:
        raise XmlTooLargeError(f"'{name}' is too large to import as a page.")
    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.strip():
        return html.fromstring("<html><body></body></html>", parser=parser)
    try:
        return html.document_fromstring(text, parser=parser)
    except etree.ParserError:
        return html.fromstring("<html><body></body></html>", parser=parser)
