"""`toolpath check-outcome` and `toolpath create-token`."""
from __future__ import annotations

import json

from authoring.cli import main


def test_check_outcome_json(app):
    result = app.test_cli_runner().invoke(main, ["check-outcome", "Students will understand lockout/tagout.", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verb"] == "understand" and report["measurable"] is False
    assert "non_measurable_verb" in {f["code"] for f in report["findings"]}


def test_check_outcome_plain(app):
    result = app.test_cli_runner().invoke(main, ["check-outcome", "Given a micrometer, the student will measure a pin to within 0.001 in."])
    assert result.exit_code == 0 and "Verb: measure" in result.output


def test_create_token_prints_a_secret_once(app, db_session, org, people):
    db_session.commit()
    result = app.test_cli_runner().invoke(main, ["create-token", people["author"].email, "--org", org.slug, "--name", "sync"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("tp_")
    missing = app.test_cli_runner().invoke(main, ["create-token", "nobody@example.test", "--org", org.slug])
    assert missing.exit_code == 1
