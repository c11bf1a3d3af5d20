from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.fixtures.tenancy import make_org, make_user


@pytest.fixture()
def now():
    return datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture()
def org(db_session):
    return make_org(db_session)


@pytest.fixture()
def people(db_session, org):
    """One user per role in `org`."""
    return {role: make_user(db_session, org, role) for role in ("admin", "author", "reviewer", "teacher", "learner")}
