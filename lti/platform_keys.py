"""Platforms' public keys, fetched from their JWKS URL and kept in memory.

Fetching the keyset on every launch would cost a round trip to the LMS per launch; a key we have
not seen (the LMS rotated) triggers one refetch, at most every MIN_REFETCH seconds per URL.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import jwt
import requests

from lti.outbound import session as http_session

TTL = 3600.0
MIN_REFETCH = 10.0


class KeyNotFound(Exception):
    pass


class KeysetUnreachable(Exception):
    pass


@dataclass
class _Entry:
    fetched_at: float
    keys: dict[str, jwt.PyJWK] = field(default_factory=dict)


_cache: dict[str, _Entry] = {}
_lock = threading.Lock()


def _parse(keyset: dict) -> dict[str, jwt.PyJWK]:
    keys = {}
    for data in keyset.get("keys", []) if isinstance(keyset, dict) else []:
        if data.get("kty") != "RSA" or not data.get("kid") or data.get("use", "sig") != "sig":
            continue
        try:
            keys[data["kid"]] = jwt.PyJWK(data, algorithm=data.get("alg", "RS256"))
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
            continue
    return keys


def _fetch(url: str) -> _Entry:
    try:
        response = http_session().get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        return _Entry(time.monotonic(), _parse(response.json()))
    except (requests.RequestException, ValueError) as exc:
        raise KeysetUnreachable(f"{url}: {exc}") from exc


def remember(url: str, keyset: dict) -> None:
    """Seed the cache (tests, benchmarks, or a keyset pasted by an administrator)."""
    with _lock:
        _cache[url] = _Entry(time.monotonic(), _parse(keyset))


def forget(url: str | None = None) -> None:
    with _lock:
        if url is None:
            _cache.clear()
        else:
            _cache.pop(url, None)


def key_for(url: str, kid: str, alg: str) -> jwt.PyJWK:
    now = time.monotonic()
    with _lock:
        entry = _cache.get(url)
    if entry is None or now - entry.fetched_at > TTL or (kid not in entry.keys and now - entry.fetched_at > MIN_REFETCH):
        entry = _fetch(url)
        with _lock:
            _cache[url] = entry
    key = entry.keys.get(kid)
    if key is None:
        raise KeyNotFound(f"no key {kid!r} in {url}")
    if key.algorithm_name != alg:
        raise KeyNotFound(f"key {kid!r} is for {key.algorithm_name}, the token says {alg}")
    return key
