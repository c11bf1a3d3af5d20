"""imsmanifest.xml: LOM metadata, one rooted organization (course > unit > lesson/assessment/link),
resources, and curriculum standards on resources, unit items and the manifest (CC 1.3)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import chain

from lxml import etree

from ..model import CourseDoc
from . import standards
from .namespaces import XSI, Profile
from .plan import CartridgePlan, ItemPlan, ResourcePlan


def iso_duration(hours: Decimal) -> str:
    """Hours as an ISO 8601 duration (LOM typicalLearningTime): 1.5 -> PT1H30M."""
    seconds = int((hours * 3600).to_integral_value())
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + "".join(f"{v}{unit}" for v, unit in ((h, "H"), (m, "M"), (s, "S")) if v) if seconds else "PT0S"


def _lom(course: CourseDoc, p: Profile, now: datetime) -> etree._Element:
    L, lang = p.E["lomimscc"], course.language or "en"

    def text(value: str) -> etree._Element:
        return L.string(value, language=lang)

    general = [L.title(text(course.title)), L.language(lang)]
    if course.description:
        general.append(L.description(text(course.description)))
    general.extend(L.keyword(text(k)) for k in course.keywords)
    rights = [L.copyrightAndOtherRestrictions(L.value("yes" if course.rights else "no"))]
    if course.rights:
        rights.append(L.description(text(course.rights)))
    return L.lom(
        L.general(*general),
        L.lifeCycle(L.contribute(L.date(L.dateTime(now.date().isoformat())))),
        L.rights(*rights),
    )


def _metadata(p: Profile, refs, lom: etree._Element | None = None) -> list[etree._Element]:
    """A <metadata> holding resource-LOM and curriculum standards, or nothing when both are empty."""
    parts = [el for el in (lom, standards.build(refs, p)) if el is not None]
    return [p.E["cp"].metadata(*parts)] if parts else []


def _resource(r: ResourcePlan, p: Profile) -> etree._Element:
    cp = p.E["cp"]
    lom = None
    if p.has_resource_lom and r.hours:
        L = p.E["lom"]
        lom = L.lom(L.educational(L.typicalLearningTime(L.duration(iso_duration(r.hours)))))
    attrs = {"identifier": r.identifier, "type": r.type}
    if r.href:
        attrs["href"] = r.href
    return cp.resource(
        *_metadata(p, r.standards, lom),
        *(cp.file(href=f) for f in r.files),
        *(cp.dependency(identifierref=d) for d in r.dependencies),
        **attrs,
    )


def _item(item: ItemPlan, p: Profile) -> etree._Element:
    cp = p.E["cp"]
    attrs = {"identifier": item.identifier}
    if item.identifierref:
        attrs["identifierref"] = item.identifierref
    meta: list[etree._Element] = []
    if p.has_resource_lom:  # unit summary and revision ride on the item as resource-LOM (CC 1.3)
        L = p.E["lom"]
        lom_parts = []
        if item.summary:
            lom_parts.append(L.general(L.description(L.string(item.summary))))
        if item.revision is not None:
            lom_parts.append(L.lifeCycle(L.version(L.string(str(item.revision)))))
        meta = _metadata(p, item.standards, L.lom(*lom_parts) if lom_parts else None)
    return cp.item(cp.title(item.title), *(_item(c, p) for c in item.children), *meta, **attrs)


def build_manifest(course: CourseDoc, plan: CartridgePlan, p: Profile, now: datetime) -> etree._Element:
    cp = p.E["cp"]
    every_standard = chain(
        course.standards,
        *((u.standards for u in plan.units)),
        *((r.standards for r in plan.resources)),
    )
    manifest_standards = standards.build(every_standard, p)
    return cp.manifest(
        cp.metadata(
            cp.schema(p.schema),
            cp.schemaversion(p.schemaversion),
            _lom(course, p, now),
            *([manifest_standards] if manifest_standards is not None else []),
        ),
        cp.organizations(cp.organization(
            cp.item(*(_item(u, p) for u in plan.units), identifier=plan.root_id),
            identifier=plan.organization_id, structure="rooted-hierarchy",
        )),
        cp.resources(*(_resource(r, p) for r in plan.resources)),
        {"identifier": plan.manifest_id, f"{{{XSI}}}schemaLocation": p.schema_location()},
    )
