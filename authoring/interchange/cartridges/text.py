"""Question prompts, feedback, choices and quiz instructions are plain text in Toolpath (pages show
them escaped); in a cartridge they are HTML. These two functions convert, so that text -> HTML ->
text gives the text back."""
from __future__ import annotations

import html as htmllib
import re

from lxml import html

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "ul", "ol"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_TAG = re.compile(r"<[A-Za-z/!]")


def to_html(text: str) -> str:
    """Escaped text; blank lines become paragraphs and single newlines <br/> (one line stays bare)."""
    text = (text or "").strip()
    if "\n" not in text:
        return htmllib.escape(text, quote=False)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + "<br/>".join(htmllib.escape(line.strip(), quote=False) for line in p.splitlines()) + "</p>"
                   for p in paragraphs)


def looks_like_html(value: str) -> bool:
    return _TAG.search(value or "") is not None


def to_text(markup: str) -> str:
    """What a reader sees of an HTML fragment: block elements become paragraphs, <br> a newline."""
    markup = (markup or "").strip()
    if not markup:
        return ""
    if not looks_like_html(markup):
        return htmllib.unescape(_SPACES.sub(" ", markup)).strip()
    root = html.fragment_fromstring(markup, create_parent="div")
    for el in root.xpath(".//script | .//style"):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    lines = [_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip()
