"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade, downgrade
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from authoring import create_app
from authoring.db import db
from tests.conftest import database_url, is_postgres


@pytest.fixture()
def empty_database_url(tmp_path):
    """A brand-new, empty database of the same kind as the suite's."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    import psycopg

    url = make_url(database_url())
    name = f"{url.database}_mig_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_from_empty_reaches_head_and_matches_the_models(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() == script.get_current_head()
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"autogenerate would add: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"organization", "framework_item", "unit_revision", "alignment"} <= tables
        db.engine.dispose()


def test_migrations_form_one_linear_chain(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1
        revisions = list(script.walk_revisions())
        assert revisions[-1].down_revision is None
        assert all(r.revision.split("_")[0].isdigit() for r in revisions)


def test_downgrade_to_base_removes_everything(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_constraint_names_follow_the_naming_convention(app):
    with app.app_context():
        names = [c.name for table in db.metadata.tables.values() for c in table.constraints]
    assert all(names), "every constraint is named"
    assert "uq_organization_slug" in names and "pk_unit" in names
