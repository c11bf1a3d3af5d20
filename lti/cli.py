"""`toolpath lti ...`: registrations, keys and housekeeping from the command line."""
from __future__ import annotations

import json
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from authoring.cli import fail_on_domain_error
from authoring.db import db, utcnow
from authoring.tenancy.services import get_org
from lti import keys, launch, registration
from lti.urls import tool_urls

lti = AppGroup("lti", help="LTI 1.3: LMS registrations, signing keys, housekeeping.")


@lti.command("add-platform")
@click.option("--issuer", required=True, help="The platform's issuer (iss), e.g. https://canvas.instructure.com")
@click.option("--client-id", required=True, help="The client id the platform gave Toolpath.")
@click.option("--auth-login-url", required=True, help="The platform's OIDC authorization endpoint.")
@click.option("--auth-token-url", required=True, help="The platform's OAuth2 token endpoint.")
@click.option("--keyset-url", required=True, help="The platform's JWKS URL.")
@click.option("--deployment-id", "deployment_ids", multiple=True, help="A deployment id (repeatable).")
@click.option("--org", "org_slug", required=True, help="The organization the deployments belong to.")
@click.option("--name", default="", help="A label for people (defaults to the issuer's host).")
@click.option("--audience", default=None, help="aud for token requests, when not the token URL.")
@fail_on_domain_error
def add_platform(issuer, client_id, auth_login_url, auth_token_url, keyset_url, deployment_ids, org_slug, name, audience):
    """Register an LMS (or add deployments to a registration)."""
    org = get_org(db.session, org_slug)
    platform = registration.add_platform(
        db.session, org, issuer=issuer, client_id=client_id, auth_login_url=auth_login_url, auth_token_url=auth_token_url,
        keyset_url=keyset_url, deployment_ids=list(deployment_ids), name=name, auth_audience=audience, via="cli",
    )
    db.session.commit()
    deployments = ", ".join(f"{d.deployment_id} -> {d.organization.slug}" for d in platform.deployments) or "none yet"
    click.echo(f"Registered {platform.issuer} client {platform.client_id} (deployments: {deployments}).")


@lti.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_platforms(as_json: bool):
    """List registrations, their deployments, and the tool's keys."""
    platforms = registration.list_platforms(db.session)
    now = utcnow()
    data = {
        "tool": {"login": tool_urls().login, "launch": tool_urls().launch, "jwks": tool_urls().jwks},
        "platforms": [{
            "issuer": p.issuer, "client_id": p.client_id, "name": p.name, "owner": p.organization.slug,
            "auth_login_url": p.auth_login_url, "auth_token_url": p.auth_token_url, "keyset_url": p.keyset_url,
            "registered_via": p.registered_via, "auto_deployments": p.auto_deployments,
            "deployments": [{"deployment_id": d.deployment_id, "org": d.organization.slug} for d in p.deployments],
        } for p in platforms],
        "keys": [{"kid": k.kid, "retires_at": k.retires_at.isoformat() if k.retires_at else None}
                 for k in keys.published_keys(db.session, now)],
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for p in data["platforms"]:
        click.echo(f"{p['issuer']}  client {p['client_id']}  ({p['name']}, owner {p['owner']}, via {p['registered_via']})")
        for d in p["deployments"]:
            click.echo(f"    deployment {d['deployment_id']} -> {d['org']}")
    if not data["platforms"]:
        click.echo("No LMS registrations.")
    for k in data["keys"]:
        click.echo(f"key {k['kid']}" + (f" (retires {k['retires_at']})" if k["retires_at"] else " (signing)"))


@lti.command("remove")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--deployment-id", default=None, help="Remove only this deployment.")
@fail_on_domain_error
def remove(issuer: str, client_id: str, deployment_id: str | None):
    """Remove a registration (with its deployments, identities and links) or one deployment."""
    platform = registration.find_platform(db.session, issuer, client_id)
    if deployment_id:
        registration.remove_deployment(db.session, platform, deployment_id)
        what = f"deployment {deployment_id} of {issuer} client {client_id}"
    else:
        registration.remove_platform(db.session, platform)
        what = f"{issuer} client {client_id}"
    db.session.commit()
    click.echo(f"Removed {what}.")


@lti.command("rotate-key")
@click.option("--grace-hours", default=72, show_default=True, type=click.IntRange(min=0),
              help="How long the replaced key stays in the JWKS.")
def rotate_key(grace_hours: int):
    """Start signing with a new key; the old one stays published for the grace period."""
    now = utcnow()
    new, replaced = keys.rotate(db.session, now, timedelta(hours=grace_hours))
    db.session.commit()
    click.echo(f"Signing with {new.kid}.")
    for key in replaced:
        click.echo(f"{key.kid} stays in the JWKS until {key.retires_at.isoformat()}.")


@lti.command("registration-url")
@click.option("--org", "org_slug", required=True)
@fail_on_domain_error
def registration_url(org_slug: str):
    """The Dynamic Registration URL to paste into Moodle or Canvas (valid 7 days)."""
    org = get_org(db.session, org_slug)
    click.echo(tool_urls().register(registration.invitation(current_app.secret_key, org)))


@lti.command("purge")
def purge():
    """Forget expired nonces and launches, and keys past their retirement."""
    now = utcnow()
    counts = launch.purge(db.session, now)
    counts["keys"] = keys.purge_retired(db.session, now)
    db.session.commit()
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()) + " removed.")
