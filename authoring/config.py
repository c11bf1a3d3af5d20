"""Configuration from the environment. Nothing secret lives in the repository."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """TOOLPATH_SECRET_KEY, or a key generated once into the instance folder (git-ignored)."""
    if key := os.environ.get("TOOLPATH_SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: Path) -> dict:
    database_url = os.environ.get("TOOLPATH_DATABASE_URL") or f"sqlite:///{instance_path / 'toolpath.sqlite3'}"
    base_url = os.environ.get("TOOLPATH_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    jobs_inline = os.environ.get("TOOLPATH_JOBS_INLINE")
    config = {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "TOOLPATH_BASE_URL": base_url,
        # Behind a TLS-terminating proxy, trust one hop of X-Forwarded-* (TOOLPATH_PROXY_FIX=1).
        "TOOLPATH_PROXY_FIX": os.environ.get("TOOLPATH_PROXY_FIX", "") in {"1", "true", "yes"},
        "MAX_CONTENT_LENGTH": int(os.environ.get("TOOLPATH_MAX_UPLOAD_MB", "50")) * 1024 * 1024,
        # Cartridge imports: the most a package may unpack to (zip-bomb guard).
        "TOOLPATH_CC_MAX_UNPACKED_MB": int(os.environ.get("TOOLPATH_CC_MAX_UNPACKED_MB", "512")),
        "SESSION_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,  # the LMS iframe posts carry no same-origin Referer
    }
    # Long exports/imports run on a worker thread; "1" runs them inside the request (tests default to it).
    if jobs_inline is not None:
        config["TOOLPATH_JOBS_INLINE"] = jobs_inline.lower() in {"1", "true", "yes"}
    return config


def cookie_settings(base_url: str) -> dict:
    """Inside an LMS iframe the session cookie is third-party: it needs SameSite=None; Secure;
    Partitioned, which browsers accept only over HTTPS. Derived from the final base URL."""
    secure = base_url.startswith("https://")
    return {
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_SAMESITE": "None" if secure else "Lax",
        "SESSION_COOKIE_PARTITIONED": secure,
    }
