"""The `toolpath` command: Flask's CLI (run, shell, db ...) plus Toolpath's own commands."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from authoring.db import db, utcnow
from authoring.errors import DomainError
from authoring.tenancy import services as tenancy
from authoring.tenancy.models import Role


def _create_app() -> Flask:
    from authoring import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, help="Toolpath: competency-to-curriculum for CTE.")
def main() -> None:
    pass


def fail_on_domain_error(fn):
    """Turn a refusal into a one-line message and exit code 1, with nothing written."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            db.session.rollback()
            details = "".join(f"\n  {k}: {v}" for k, v in exc.errors.items())
            raise click.ClickException(f"{exc.message}{details}") from exc

    return wrapper


@main.command("load-samples")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@with_appcontext
@fail_on_domain_error
def load_samples_command(as_json: bool) -> None:
    """Load the sample courses into the demo organization (idempotent)."""
    from authoring.interchange.samples import load_samples

    report = load_samples(db.session, utcnow())
    db.session.commit()
    counts = dict(sorted(report.created.items()))
    if as_json:
        click.echo(json.dumps({"organization": report.organization, "created": counts}))
    elif report.changed:
        click.echo(f"Loaded sample courses into '{report.organization}': " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    else:
        click.echo(f"Sample courses already loaded in '{report.organization}'; nothing changed.")


@main.command("create-org")
@click.argument("name")
@click.option("--slug", help="URL name; derived from NAME when omitted.")
@with_appcontext
@fail_on_domain_error
def create_org_command(name: str, slug: str | None) -> None:
    """Create an organization."""
    org = tenancy.create_org(db.session, name, slug)
    db.session.commit()
    click.echo(f"Created organization '{org.slug}'.")


@main.command("create-user")
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="Organization slug.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="", help="Display name.")
@with_appcontext
@fail_on_domain_error
def create_user_command(email: str, org_slug: str, role: str, name: str) -> None:
    """Create a user (or give an existing one a role). The password comes from stdin or a prompt."""
    org = tenancy.get_org(db.session, org_slug)
    user = tenancy.find_user(db.session, email)
    if user is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\n")
        user = tenancy.create_user(db.session, email, name=name, password=password)
        verb = "Created"
    else:
        verb = "Updated"
    tenancy.grant(db.session, user, org, Role(role))
    db.session.commit()
    click.echo(f"{verb} {user.email} as {role} in '{org.slug}'.")


@main.command("check-outcome")
@click.argument("statement")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def check_outcome_command(statement: str, as_json: bool) -> None:
    """Check a learning outcome statement (verb, Bloom level, findings). Needs no database."""
    from authoring.curriculum.quality import check

    report = check(statement)
    if as_json:
        click.echo(json.dumps(report, indent=2, sort_keys=True))
        return
    click.echo(f"Verb: {report.get('verb') or '(none found)'}  Bloom: {', '.join(report.get('bloom_levels') or []) or '-'}")
    for finding in report.get("findings", []):
        click.echo(f"  [{finding['severity']}] {finding['code']}: {finding['message']}")
    if not report.get("findings"):
        click.echo("  No findings: measurable, with a condition and a criterion.")


@main.command("create-token")
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="Organization slug.")
@click.option("--name", default="cli", help="What the token is for.")
@click.option("--days", default=90, type=int, help="Days until it expires (0: never).")
@with_appcontext
@fail_on_domain_error
def create_token_command(email: str, org_slug: str, name: str, days: int) -> None:
    """Create a personal access token for EMAIL in ORG; prints the secret once."""
    from authoring.api.tokens import create_token

    user = tenancy.find_user(db.session, email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    _, secret = create_token(db.session, user, utcnow(), tenancy.get_org(db.session, org_slug), name, days=days or None)
    db.session.commit()
    click.echo(secret)


@main.command("suggestion-quality")
@click.option("--org", "org_slug", default="demo", help="Organization whose existing alignments are the answer key.")
@click.option("-k", default=5, help="Cut-off for hit@k.")
@with_appcontext
def suggestion_quality_command(org_slug: str, k: int) -> None:
    """Score the alignment suggestions against the alignments writers made: hit@k and MRR."""
    from authoring.suggestions.evaluation import evaluate

    click.echo(json.dumps(evaluate(db.session, tenancy.get_org(db.session, org_slug), k=k).to_dict()))


from authoring.interchange import cli as _interchange_cli  # noqa: E402,F401  (export-cc, import-cc)
