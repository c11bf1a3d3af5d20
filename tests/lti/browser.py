"""A small 'browser' for LTI flows: a requests session that follows redirects and submits the
self-submitting forms LTI uses (marked data-autosubmit), and can fill in ordinary forms."""
from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
import requests

AUTOSUBMIT_IDS = {"lti13_deep_link_auto_submit"}


def forms(response: requests.Response) -> list:
    if "html" not in response.headers.get("content-type", "") or not response.text.strip():
        return []
    return lxml.html.fromstring(response.text).forms


def form_fields(form) -> list[tuple[str, str]]:
    """What the form would send untouched: hidden inputs and already-checked boxes."""
    fields = []
    for element in form.inputs:
        name = element.get("name")
        if not name or element.tag not in ("input", "textarea", "select"):
            continue
        kind = (element.get("type") or "text").lower()
        if kind in ("submit", "button") or (kind in ("checkbox", "radio") and element.get("checked") is None):
            continue
        if element.tag == "select":
            chosen = [o.get("value") or "" for o in element.xpath(".//option[@selected]")]
            fields += [(name, value) for value in chosen]
        else:
            fields.append((name, element.get("value") if element.tag == "input" else (element.text or "")))
    return fields


class Browser:
    def __init__(self) -> None:
        self.s = requests.Session()
        self.trace: list[str] = []

    def _follow(self, response: requests.Response, max_hops: int = 10) -> requests.Response:
        for _ in range(max_hops):
            self.trace += [f"{h.request.method} {h.url} -> {h.status_code}" for h in response.history]
            self.trace.append(f"{response.request.method} {response.url} -> {response.status_code}")
            auto = [f for f in forms(response) if f.get("data-autosubmit") is not None or f.get("id") in AUTOSUBMIT_IDS]
            if not auto:
                return response
            form = auto[0]
            target = urljoin(response.url, form.get("action") or response.url)
            if (form.get("method") or "get").lower() == "post":
                response = self.s.post(target, data=form_fields(form))
            else:
                response = self.s.get(target, params=form_fields(form))
        raise RuntimeError("too many hops:\n" + "\n".join(self.trace))

    def go(self, url: str) -> requests.Response:
        return self._follow(self.s.get(url))

    def submit(self, response: requests.Response, form_id: str, data: list[tuple[str, str]] | dict, *, keep: bool = True) -> requests.Response:
        """Fill in and submit the form with this id (hidden fields such as the CSRF token kept)."""
        form = next(f for f in forms(response) if f.get("id") == form_id)
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        given = {name for name, _ in pairs}  # what the test fills in replaces the form's defaults
        fields = [(n, v) for n, v in (form_fields(form) if keep else []) if n not in given] + pairs
        target = urljoin(response.url, form.get("action") or response.url)
        if (form.get("method") or "get").lower() == "post":
            return self._follow(self.s.post(target, data=fields))
        return self._follow(self.s.get(target, params=fields))
