"""A live Toolpath on 127.0.0.1 with its own database and the sample courses, and real Chromium.

The per-test rollback session of tests/conftest.py is invisible to the server's threads, so this
server gets a database of its own: a SQLite file, or a fresh PostgreSQL database (created and dropped
here) when TOOLPATH_TEST_DATABASE_URL points at PostgreSQL.
"""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _fresh_database(tmp_path: Path):
    """(url, cleanup) for a database nobody else uses."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("TOOLPATH_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}", lambda: None
    name = f"toolpath_browser_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from authoring import create_app
    from authoring.db import db, utcnow
    from authoring.interchange.samples import load_samples

    tmp_path = tmp_path_factory.mktemp("browser")
    url, drop = _fresh_database(tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TOOLPATH_BASE_URL": "http://127.0.0.1"})
    with app.app_context():
        db.create_all()
        load_samples(db.session, utcnow())
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (make browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def shots(tmp_path):
    """Where screenshots go: TOOLPATH_SCREENSHOTS, or the test's temporary folder."""
    folder = Path(os.environ.get("TOOLPATH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
