"""Load YAML bundles (the sample courses) through the API's schemas, idempotently.

Every row is looked up by its natural key and created only when missing, so loading twice changes
nothing. References between rows use readable keys: framework items as "framework-slug:coding",
occupations by O*NET code, credentials, programs and frameworks by slug.
"""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.curriculum import revisions
from authoring.curriculum.models import (
    Alignment, Assessment, AssessmentItem, Course, LearningOutcome, Lesson, Program, Unit, UnitStatus,
)
from authoring.curriculum.schemas import CourseIn, ProgramIn
from authoring.errors import ValidationFailed
from authoring.frameworks.models import Credential, Framework, FrameworkItem, ItemAssociation
from authoring.frameworks.schemas import CredentialIn, FrameworkIn
from authoring.html import sanitize_html
from authoring.occupations.models import (
    LaborStatistic, LegacyOccupationCode, Occupation, OccupationCompetency, Pathway, PathwayEdge, PathwayStep,
)
from authoring.occupations.schemas import LegacyCodeIn, OccupationIn, PathwayIn
from authoring.tenancy import services as tenancy
from authoring.tenancy.models import Organization, Role

# Stable CASE identifiers for items that do not bring their own: uuid5 of "slug:coding".
TOOLPATH_NAMESPACE = uuid.UUID("6f1d1c8e-1d2b-5a43-9f3e-0c7e5b9d2a10")
ORDER = ("organization", "frameworks", "credentials", "legacy_codes", "occupations", "pathways", "programs", "courses")


def stable_uuid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(TOOLPATH_NAMESPACE, ":".join(parts))


@dataclass
class LoadReport:
    organization: str = ""
    created: Counter = field(default_factory=Counter)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] += n

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


def _load(schema: Schema, data: Any, where: str) -> dict:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ValidationFailed(f"{where}: invalid data", exc.normalized_messages()) from exc


class BundleLoader:
    def __init__(self, session: Session, now: datetime, *, org: Organization | None = None, demo_password: str | None = None):
        self.session = session
        self.now = now
        self.org = org
        self.demo_password = demo_password
        self.report = LoadReport(organization=org.slug if org else "")
        self._items: dict[tuple[str, str], FrameworkItem] = {}

    # -- entry points -------------------------------------------------------------------------
    def load_files(self, paths: list[Path]) -> LoadReport:
        for path in paths:
            try:
                document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ValidationFailed(f"{path.name}: not valid YAML ({exc})") from exc
            self.load_document(document, path.name)
        self.session.flush()
        return self.report

    def load_document(self, document: dict, where: str) -> None:
        unknown = set(document) - set(ORDER)
        if unknown:
            raise ValidationFailed(f"{where}: unknown sections {sorted(unknown)}")
        for section in ORDER:
            if section in document:
                if section != "organization" and self.org is None:
                    raise ValidationFailed(f"{where}: no organization to load into")
                getattr(self, f"_load_{section}")(document[section], where)

    # -- tenancy ------------------------------------------------------------------------------
    def _load_organization(self, data: dict, where: str) -> None:
        org = self.session.execute(select(Organization).where(Organization.slug == data["slug"])).scalar_one_or_none()
        if org is None:
            org = tenancy.create_org(self.session, data["name"], data["slug"])
            self.report.count("organizations")
        self.org = org
        self.report.organization = org.slug
        for person in data.get("users", []):
            user = tenancy.find_user(self.session, person["email"])
            if user is None:
                user = tenancy.create_user(self.session, person["email"], name=person.get("name", ""), password=self.demo_password)
                tenancy.grant(self.session, user, org, Role(person["role"]))
                self.report.count("users")

    # -- frameworks ---------------------------------------------------------------------------
    def _framework(self, slug: str) -> Framework:
        framework = self.session.execute(
            select(Framework).where(Framework.organization_id == self.org.id, Framework.slug == slug)
        ).scalar_one_or_none()
        if framework is None:
            raise ValidationFailed(f"unknown framework '{slug}'")
        return framework

    def item(self, ref: str) -> FrameworkItem:
        slug, _, coding = ref.partition(":")
        key = (slug, coding)
        if key not in self._items:
            framework = self._framework(slug)
            for found in self.session.execute(select(FrameworkItem).where(FrameworkItem.framework_id == framework.id)).scalars():
                self._items[(slug, found.human_coding)] = found
            if key not in self._items:
                raise ValidationFailed(f"unknown framework item '{ref}'")
        return self._items[key]

    def _load_frameworks(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(FrameworkIn(), raw, f"{where}: framework {raw.get('slug')}")
            existing = self.session.execute(
                select(Framework).where(Framework.organization_id == self.org.id, Framework.slug == data["slug"])
            ).scalar_one_or_none()
            if existing is None:
                self._create_framework(data)
            self._create_associations(data)

    def _create_framework(self, data: dict) -> None:
        items, associations = data.pop("items"), data.pop("associations")
        data["identifier"] = data["identifier"] or stable_uuid(data["slug"])
        framework = Framework(organization_id=self.org.id, **data)
        self.session.add(framework)
        seen: set[str] = set()

        def add(nodes: list[dict], parent: FrameworkItem | None) -> None:
            for position, node in enumerate(nodes):
                if node["coding"] in seen:
                    raise ValidationFailed(f"framework {framework.slug}: coding {node['coding']} is used twice")
                seen.add(node["coding"])
                item = FrameworkItem(
                    framework=framework,
                    parent=parent,
                    identifier=node["identifier"] or stable_uuid(framework.slug, node["coding"]),
                    human_coding=node["coding"],
                    statement=node["statement"],
                    abbreviated_statement=node["abbreviated"],
                    item_type=node["type"],
                    notes=node["notes"],
                    attributes=node["attributes"],
                    position=position,
                )
                self.session.add(item)
                self._items[(framework.slug, item.human_coding)] = item
                add(node["children"], item)

        add(items, None)
        self.session.flush()
        self.report.count("frameworks")
        self.report.count("framework_items", len(seen))
        data["items"], data["associations"] = items, associations

    def _create_associations(self, data: dict) -> None:
        framework = self._framework(data["slug"])
        for assoc in data["associations"]:
            origin, destination = self.item(assoc["origin"]), self.item(assoc["destination"])
            exists = self.session.execute(
                select(ItemAssociation.id).where(
                    ItemAssociation.origin_id == origin.id,
                    ItemAssociation.destination_id == destination.id,
                    ItemAssociation.association_type == assoc["type"],
                )
            ).first()
            if not exists:
                self.session.add(ItemAssociation(
                    framework=framework, origin=origin, destination=destination, association_type=assoc["type"],
                    identifier=stable_uuid(framework.slug, assoc["origin"], assoc["type"].value, assoc["destination"]),
                ))
                self.report.count("item_associations")

    def _load_credentials(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(CredentialIn(), raw, f"{where}: credential {raw.get('slug')}")
            exists = self.session.execute(
                select(Credential.id).where(
                    Credential.organization_id == self.org.id, Credential.slug == data["slug"], Credential.edition == data["edition"]
                )
            ).first()
            if not exists:
                data["framework"] = self._framework(data["framework"])
                self.session.add(Credential(organization_id=self.org.id, **data))
                self.report.count("credentials")
        self.session.flush()

    # -- occupations --------------------------------------------------------------------------
    def _occupation(self, onet_code: str) -> Occupation:
        occupation = self.session.execute(
            select(Occupation).where(Occupation.organization_id == self.org.id, Occupation.onet_code == onet_code)
        ).scalar_one_or_none()
        if occupation is None:
            raise ValidationFailed(f"unknown occupation '{onet_code}'")
        return occupation

    def _load_legacy_codes(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(LegacyCodeIn(), raw, f"{where}: legacy code")
            exists = self.session.execute(
                select(LegacyOccupationCode.id).where(LegacyOccupationCode.legacy_code == data["legacy_code"])
            ).first()
            if not exists:
                self.session.add(LegacyOccupationCode(**data))
                self.report.count("legacy_codes")

    def _load_occupations(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(OccupationIn(), raw, f"{where}: occupation {raw.get('onet_code')}")
            exists = self.session.execute(
                select(Occupation.id).where(Occupation.organization_id == self.org.id, Occupation.onet_code == data["onet_code"])
            ).first()
            if exists:
                continue
            labor, profile_ref = data.pop("labor"), data.pop("profile")
            occupation = Occupation(organization_id=self.org.id, **data)
            if profile_ref:
                profile = self.item(profile_ref)
                occupation.profile_item = profile
                occupation.competencies = [
                    OccupationCompetency(item=task, position=i, category=_task_category(task.notes))
                    for i, task in enumerate(profile.children)
                ]
            occupation.labor_statistics = [LaborStatistic(**figures) for figures in labor]
            self.session.add(occupation)
            self.report.count("occupations")
            self.report.count("occupation_competencies", len(occupation.competencies))
        self.session.flush()

    def _load_pathways(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(PathwayIn(), raw, f"{where}: pathway {raw.get('slug')}")
            exists = self.session.execute(
                select(Pathway.id).where(Pathway.organization_id == self.org.id, Pathway.slug == data["slug"])
            ).first()
            if exists:
                continue
            steps, edges = data.pop("steps"), data.pop("edges")
            pathway = Pathway(organization_id=self.org.id, **data)
            by_code = {}
            for step in steps:
                code = step.pop("occupation")
                by_code[code] = PathwayStep(pathway=pathway, occupation=self._occupation(code), **step)
            for edge in edges:
                if edge["from_"] not in by_code or edge["to"] not in by_code:
                    raise ValidationFailed(f"pathway {pathway.slug}: edge {edge['from_']} -> {edge['to']} leaves the pathway")
                pathway.edges.append(PathwayEdge(from_step=by_code[edge["from_"]], to_step=by_code[edge["to"]], kind=edge["kind"]))
            self.session.add(pathway)
            self.report.count("pathways")
            self.report.count("pathway_steps", len(steps))
            self.report.count("pathway_edges", len(edges))
        self.session.flush()

    # -- curriculum ---------------------------------------------------------------------------
    def _load_programs(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(ProgramIn(), raw, f"{where}: program {raw.get('slug')}")
            exists = self.session.execute(
                select(Program.id).where(Program.organization_id == self.org.id, Program.slug == data["slug"])
            ).first()
            if exists:
                continue
            frameworks = [self._framework(slug) for slug in data.pop("target_frameworks")]
            credentials = [self._credential(slug) for slug in data.pop("target_credentials")]
            self.session.add(Program(organization_id=self.org.id, target_frameworks=frameworks, target_credentials=credentials, **data))
            self.report.count("programs")
        self.session.flush()

    def _credential(self, slug: str) -> Credential:
        found = self.session.execute(
            select(Credential).where(Credential.organization_id == self.org.id, Credential.slug == slug).order_by(Credential.edition)
        ).scalars().first()
        if found is None:
            raise ValidationFailed(f"unknown credential '{slug}'")
        return found

    def _load_courses(self, entries: list, where: str) -> None:
        for raw in entries:
            data = _load(CourseIn(), raw, f"{where}: course {raw.get('slug')}")
            course = self.session.execute(
                select(Course).where(Course.organization_id == self.org.id, Course.slug == data["slug"])
            ).scalar_one_or_none()
            if course is None:
                program = None
                if data["program"]:
                    program = self.session.execute(
                        select(Program).where(Program.organization_id == self.org.id, Program.slug == data["program"])
                    ).scalar_one_or_none()
                    if program is None:
                        raise ValidationFailed(f"course {data['slug']}: unknown program '{data['program']}'")
                course = Course(
                    organization_id=self.org.id, program=program, slug=data["slug"], title=data["title"],
                    description=data["description"], language=data["language"],
                    position=len(program.courses) if program else 0,
                )
                self.session.add(course)
                self.report.count("courses")
            existing = set(self.session.execute(select(Unit.slug).where(Unit.course_id == course.id)).scalars()) if course.id else set()
            for position, unit_data in enumerate(data["units"]):
                if unit_data["slug"] not in existing:
                    self._create_unit(course, unit_data, position)
        self.session.flush()

    def _create_unit(self, course: Course, data: dict, position: int) -> None:
        org_id = self.org.id
        # Resolve every reference before anything joins the session (no half-built unit is flushed).
        with self.session.no_autoflush:
            unit = Unit(
                organization_id=org_id, course=course, slug=data["slug"], title=data["title"], summary=data["summary"],
                position=position, status=UnitStatus.draft,
            )
            outcomes: dict[str, LearningOutcome] = {}
            for i, o in enumerate(data["outcomes"]):
                outcome = LearningOutcome(
                    organization_id=org_id, code=o["code"], statement=o["statement"], verb=o["verb"],
                    bloom_level=o["bloom_level"], condition=o["condition"], criterion=o["criterion"], position=i,
                    competencies=[self.item(ref) for ref in o["competencies"]],
                    alignments=[Alignment(organization_id=org_id, item=self.item(a["item"]), strength=a["strength"]) for a in o["alignments"]],
                )
                unit.outcomes.append(outcome)
                outcomes[o["code"]] = outcome
            for i, lesson in enumerate(data["lessons"]):
                unit.lessons.append(Lesson(
                    organization_id=org_id, title=lesson["title"], hours=lesson["hours"], body_html=sanitize_html(lesson["body_html"]), position=i,
                ))
            for i, a in enumerate(data["assessments"]):
                assessment = Assessment(organization_id=org_id, title=a["title"], instructions=a["instructions"], position=i)
                for j, item in enumerate(a["items"]):
                    assessment.items.append(AssessmentItem(
                        organization_id=org_id, item_type=item["type"], prompt=item["prompt"], points=item["points"],
                        choices=item["choices"], answer=item["answer"], feedback=item["feedback"], position=j,
                        outcomes=[outcomes[code] for code in item["outcomes"]],
                    ))
                unit.assessments.append(assessment)
        self.session.add(unit)
        self.session.flush()
        self.report.count("units")
        self.report.count("outcomes", len(unit.outcomes))
        self.report.count("alignments", sum(len(o.alignments) for o in unit.outcomes))
        self.report.count("lessons", len(unit.lessons))
        self.report.count("assessments", len(unit.assessments))
        self.report.count("assessment_items", sum(len(a.items) for a in unit.assessments))
        if data["status"] is UnitStatus.published:
            revisions.publish(self.session, unit, None, self.now, note="Loaded from the sample courses")
            self.report.count("revisions")
        else:
            unit.status = data["status"]


def _task_category(notes: str) -> str:
    return "supplemental" if "Supplemental" in notes else "core"
