"""cartridge_basiclti_link files: links that launch Toolpath (or another tool) from the LMS.

CC has no native LTI 1.3 link; receiving platforms match the launch URL to a tool that must already
be registered there, and launch_url doubles as the LTI 1.3 target_link_uri. No key, secret or other
credential is ever written: only the title, description, launch URL, custom parameters and vendor.
"""
from __future__ import annotations

from lxml import etree

from ..model import LinkDoc, LinkKind
from .namespaces import Profile

VENDOR_CODE = "toolpath"
VENDOR_NAME = "Toolpath"
# Custom parameter names we refuse to write or keep: they would carry credentials.
_SECRET_WORDS = ("secret", "password", "passwd", "token", "private", "oauth_consumer_key", "api_key")


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def build_lti_link(link: LinkDoc, p: Profile) -> etree._Element:
    cc, blti, lticm, lticp = p.E["lticc"], p.E["blti"], p.E["lticm"], p.E["lticp"]
    secret = [name for name, _ in link.custom if is_secret_name(name)]
    if secret:
        raise ValueError(f"LTI link '{link.title}' has custom parameters that look like credentials: {secret}")
    parts = [blti.title(link.title)]
    if link.text_html:
        parts.append(blti.description(link.text_html))
    if link.custom:
        parts.append(blti.custom(*(lticm.property(value, name=name) for name, value in link.custom)))
    parts.append(blti.launch_url(link.url))
    if link.url.startswith("https://"):
        parts.append(blti.secure_launch_url(link.url))
    parts.append(blti.vendor(lticp.code(VENDOR_CODE), lticp.name(VENDOR_NAME)))
    return cc.cartridge_basiclti_link(*parts)


def companion_title(title: str) -> str:
    """Title of the link that launches Toolpath for a lesson/assessment written beside it."""
    return f"{title} (Toolpath)"


def is_toolpath_link(root: etree._Element) -> bool:
    return (root.findtext("{*}vendor/{*}code") or "").strip() == VENDOR_CODE


def parse_lti_link(root: etree._Element, identifier: str, item_title: str) -> LinkDoc | None:
    url = (root.findtext("{*}launch_url") or root.findtext("{*}secure_launch_url") or "").strip()
    if not url:
        return None
    custom_el = root.find("{*}custom")
    custom = tuple(
        (prop.get("name", ""), (prop.text or "").strip())
        for prop in (custom_el.iterfind("{*}property") if custom_el is not None else ())
        if prop.get("name") and not is_secret_name(prop.get("name", ""))
    )
    return LinkDoc(
        identifier=identifier, kind=LinkKind.lti,
        title=item_title or (root.findtext("{*}title") or "").strip() or url,
        url=url, text_html=(root.findtext("{*}description") or "").strip(), custom=custom,
    )
