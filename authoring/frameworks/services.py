"""Reading frameworks: the org's own and the shared ones."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.curriculum.services import visible_frameworks
from authoring.errors import NotFound
from authoring.frameworks.models import Framework, FrameworkItem
from authoring.tenancy.models import Organization


def list_frameworks(session: Session, org: Organization) -> list[Framework]:
    return list(session.execute(select(Framework).where(visible_frameworks(org)).order_by(Framework.kind, Framework.title)).scalars())


def get_framework(session: Session, org: Organization, framework_id: int) -> tuple[Framework, list[tuple[int, FrameworkItem]]]:
    """The framework and its items as (depth, item) in tree order, from one query."""
    framework = session.execute(select(Framework).where(Framework.id == framework_id, visible_frameworks(org))).scalar_one_or_none()
    if framework is None:
        raise NotFound(f"No framework {framework_id}.")
    items = session.execute(select(FrameworkItem).where(FrameworkItem.framework_id == framework.id)
                            .order_by(FrameworkItem.position, FrameworkItem.id)).scalars().all()
    return framework, tree_order(items)


def tree_order(items) -> list[tuple[int, FrameworkItem]]:
    children: dict[int | None, list[FrameworkItem]] = {}
    ids = {i.id for i in items}
    for item in items:
        children.setdefault(item.parent_id if item.parent_id in ids else None, []).append(item)
    out: list[tuple[int, FrameworkItem]] = []

    def walk(parent_id, depth):
        for child in children.get(parent_id, []):
            out.append((depth, child))
            walk(child.id, depth + 1)

    walk(None, 0)
    return out
