from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.fixtures.tenancy import make_org, make_user


@pytest.fixture()
def org(db_session):
    return make_org(db_session)


@pytest.fixture()
def bearer(db_session, org):
    """bearer(role) -> headers with a fresh personal access token for a user of that role in `org`."""
    from authoring.api.tokens import create_token

    def _bearer(role: str, in_org=None):
        target = in_org or org
        user = make_user(db_session, target, role)
        _, secret = create_token(db_session, user, datetime.now(timezone.utc), target, "test")
        db_session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return _bearer
