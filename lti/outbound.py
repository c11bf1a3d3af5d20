"""Outgoing HTTP to platforms: always with a timeout (requests has none by default)."""
from __future__ import annotations

import requests

TIMEOUT = (5, 15)  # connect, read
USER_AGENT = "Toolpath-LTI/1.0"


class PlatformSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(method, url, *args, **kwargs)


def session() -> PlatformSession:
    return PlatformSession()
