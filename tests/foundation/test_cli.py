from __future__ import annotations

import json

from flask.cli import ScriptInfo
from sqlalchemy import select

from authoring.cli import main
from authoring.tenancy.models import Membership, Role, User


def run(app, *args, input=None):
    """Invoke the real `toolpath` group against the test app (and its rolled-back session)."""
    info = ScriptInfo(create_app=lambda: app, load_dotenv_defaults=False)
    return app.test_cli_runner().invoke(main, list(args), input=input, obj=info, catch_exceptions=False)


def test_create_org_and_user_with_password_from_stdin(app, db_session):
    result = run(app, "create-org", "Valley Regional Tech", "--slug", "valley")
    assert result.exit_code == 0, result.output
    assert "valley" in result.output
    result = run(app, "create-user", "Pat@Valley.Example", "--org", "valley", "--role", "author", input="a long password\n")
    assert result.exit_code == 0, result.output
    user = db_session.execute(select(User).where(User.email == "pat@valley.example")).scalar_one()
    assert user.check_password("a long password")
    assert db_session.execute(select(Membership.role).where(Membership.user_id == user.id)).scalar_one() is Role.author


def test_refusals_are_one_line_and_exit_nonzero(app, db_session):
    assert run(app, "create-org", "Demo", "--slug", "demo").exit_code == 1
    result = run(app, "create-user", "x@y.example", "--org", "nowhere", "--role", "author", input="a long password\n")
    assert result.exit_code == 1 and "nowhere" in result.output
    result = run(app, "create-user", "short@y.example", "--org", "demo", "--role", "author", input="short\n")
    assert result.exit_code == 1 and "at least" in result.output
    assert db_session.execute(select(User).where(User.email == "short@y.example")).scalar_one_or_none() is None


def test_load_samples_twice_reports_nothing_changed(app, db_session):
    result = run(app, "load-samples", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"organization": "demo", "created": {}}
