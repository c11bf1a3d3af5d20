"""The unit editor and the unit page read a unit of any size in the same number of SQL queries."""
from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from authoring.curriculum import services
from tests.authoring.factories import make_unit
from tests.fixtures.tenancy import make_user, sign_in

SMALL = dict(outcomes=2, alignments=1, lessons=1, assessments=1, items=2)
LARGE = dict(outcomes=40, alignments=10, lessons=15, assessments=3, items=20)


@contextlib.contextmanager
def counting(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def queries_for(client, engine, path):
    with counting(engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    if __import__("os").environ.get("SHOW_QUERIES"):
        print(*(s.split(chr(10))[0][:100] for s in statements), sep=chr(10))
    return len(statements), response


@pytest.mark.parametrize("page", ["editor", "unit", "api"])
def test_query_count_does_not_grow_with_the_unit(app, db_session, org, page):
    from authoring.db import db

    author = make_user(db_session, org, "author")
    small, large = make_unit(db_session, org, **SMALL), make_unit(db_session, org, **LARGE)
    for unit in (small, large):   # a revision and a review entry, so those collections load too
        services.comment(db_session, author, unit.updated_at, unit, "A note")
    db_session.commit()
    client = sign_in(app.test_client(), author.email)

    def path(unit):
        return {
            "editor": f"/o/{org.slug}/units/{unit.id}/edit",
            "unit": f"/o/{org.slug}/courses/{unit.course.slug}/units/{unit.slug}",
            "api": f"/api/v1/orgs/{org.slug}/units/{unit.id}",
        }[page]

    engine = db.engine
    queries_for(client, engine, path(small))   # warm caches (mapper configuration, templates)
    db_session.expire_all()
    n_small, _ = queries_for(client, engine, path(small))
    db_session.expire_all()
    n_large, response = queries_for(client, engine, path(large))
    print(f"{page}: {n_small} queries for the small unit, {n_large} for 40x10 outcomes, 15 lessons, 3x20 items")
    assert n_large == n_small
    assert n_large <= 20
    if page == "editor":
        assert response.get_data(as_text=True).count('class="outcome"') == 40
