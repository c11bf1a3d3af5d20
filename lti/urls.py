"""The tool's public URLs, from TOOLPATH_BASE_URL (never the request's Host: behind a proxy it lies)."""
from __future__ import annotations

from flask import current_app

from lti.registration import ToolUrls


def tool_urls() -> ToolUrls:
    return ToolUrls(current_app.config["TOOLPATH_BASE_URL"].rstrip("/"))
