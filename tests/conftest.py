"""Test harness: one database per run with the sample courses loaded and committed once; every test
runs inside a transaction that is rolled back. TOOLPATH_TEST_DATABASE_URL switches to PostgreSQL.
"""
from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.tenancy", "tests.fixtures.shared", "tests.fixtures.network", "tests.fixtures.lti"]

REPO = Path(__file__).resolve().parents[1]
_tmp = tempfile.mkdtemp(prefix="toolpath-test-")
os.environ.setdefault("TOOLPATH_INSTANCE_PATH", _tmp)
os.environ.setdefault("TOOLPATH_SECRET_KEY", "test-secret-key-not-for-production")


def database_url() -> str:
    return os.environ.get("TOOLPATH_TEST_DATABASE_URL") or f"sqlite:///{_tmp}/test.sqlite3"


def is_postgres() -> bool:
    return database_url().startswith("postgresql")


@pytest.fixture(scope="session")
def app():
    from authoring import create_app
    from authoring.db import db, utcnow
    from authoring.interchange.samples import load_samples

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "TOOLPATH_BASE_URL": "http://localhost",
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_samples(db.session, utcnow())
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        if is_postgres():
            db.drop_all()
        db.engine.dispose()


@pytest.fixture()
def db_session(app):
    """The app's session, bound to a connection whose outer transaction is rolled back after the test.

    Code under test may commit: with join_transaction_mode="create_savepoint" a commit releases a
    savepoint, never the outer transaction.
    """
    from authoring.db import db

    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session({"bind": connection, "join_transaction_mode": "create_savepoint"})
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture()
def client(app, db_session):
    return app.test_client()


@pytest.fixture()
def demo_org(db_session):
    from authoring.tenancy.services import get_org

    return get_org(db_session, "demo")
