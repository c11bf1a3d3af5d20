"""Decide what a course becomes inside a cartridge: resources, organization items and files.

Planning is cheap (no XML is serialised here): each planned file carries a function that renders
it, so the writer can put the manifest first and then stream files into the zip one at a time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from lxml import etree

from ..model import AssessmentDoc, AssetDoc, CourseDoc, LessonDoc, LinkDoc, LinkKind, StandardRef, UnitDoc
from . import links, lti_link, qti, webcontent
from .errors import ExportError, UnsafePathError
from .ids import IdFactory, is_xs_id
from .namespaces import Profile
from .safezip import check_name

# Content types that are already compressed: storing them is faster and no bigger.
_STORED_PREFIXES = ("image/png", "image/jpeg", "image/gif", "image/webp", "video/", "audio/",
                    "application/zip", "application/x-zip", "application/vnd.openxmlformats", "application/gzip")


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class FilePlan:
    path: str
    render: Callable[[], bytes]
    compress: bool = True


@dataclass
class ResourcePlan:
    identifier: str
    type: str
    files: list[str]
    href: str | None = None
    dependencies: list[str] = field(default_factory=list)
    standards: tuple[StandardRef, ...] = ()
    hours: Decimal | None = None


@dataclass
class ItemPlan:
    identifier: str
    title: str
    identifierref: str | None = None
    children: list["ItemPlan"] = field(default_factory=list)
    summary: str = ""
    revision: int | None = None
    standards: tuple[StandardRef, ...] = ()


@dataclass
class CartridgePlan:
    manifest_id: str
    organization_id: str
    root_id: str
    units: list[ItemPlan] = field(default_factory=list)
    resources: list[ResourcePlan] = field(default_factory=list)
    files: list[FilePlan] = field(default_factory=list)


class _Planner:
    def __init__(self, course: CourseDoc, p: Profile, id_factory: IdFactory) -> None:
        self.course, self.p, self._factory = course, p, id_factory
        self._used: set[str] = set()
        self._assets: dict[str, tuple[AssetDoc, str]] = {}  # asset path -> (asset, resource id)
        self.plan = CartridgePlan(
            manifest_id=self.new_id("manifest", course.identifier),
            organization_id=self.new_id("org", course.identifier),
            root_id=self.new_id("root", course.identifier),
        )

    def new_id(self, kind: str, key: str) -> str:
        value = self._factory(kind, key)
        if not is_xs_id(value):
            raise ExportError(f"the id factory returned {value!r} for {kind} {key!r}, which is not a valid xs:ID")
        if value in self._used:
            raise ExportError(f"the id factory returned {value!r} twice (for {kind} {key!r}); "
                              "are two things sharing an identifier?")
        self._used.add(value)
        return value

    def add_file(self, path: str, render: Callable[[], bytes], compress: bool = True) -> str:
        self.plan.files.append(FilePlan(path, render, compress))
        return path

    # ------------------------------------------------------------------------------------------

    def run(self) -> CartridgePlan:
        for unit in self.course.units:
            self.plan.units.append(self.unit(unit))
        return self.plan

    def unit(self, unit: UnitDoc) -> ItemPlan:
        item = ItemPlan(self.new_id("unit", unit.identifier), unit.title, summary=unit.summary,
                        revision=unit.revision, standards=unit.standards)
        for lesson in unit.lessons:
            item.children.extend(self.lesson(lesson))
        for assessment in unit.assessments:
            item.children.extend(self.assessment(assessment))
        for link in unit.links:
            item.children.append(self.link(link, f"link:{link.identifier}"))
        return item

    def _launch(self, kind: str, identifier: str, title: str, url: str | None,
                standards: tuple[StandardRef, ...]) -> ItemPlan:
        """An LTI link item launching Toolpath for a lesson or assessment."""
        custom: tuple[tuple[str, str], ...] = ()
        if not url:
            if not self.course.launch_base_url:
                raise ExportError(f"'{title}' has no launch URL and the course has no launch base URL; "
                                  "a thin cartridge needs one or the other")
            url, custom = self.course.launch_base_url, (("toolpath_resource", identifier),)
        link = LinkDoc(identifier=identifier, kind=LinkKind.lti, title=title, url=url, custom=custom,
                       standards=standards)
        return self.link(link, f"{kind}-lti:{identifier}")

    def lesson(self, lesson: LessonDoc) -> list[ItemPlan]:
        if self.p.thin:
            return [self._launch("lesson", lesson.identifier, lesson.title, lesson.launch_url, lesson.standards)]
        key = f"lesson:{lesson.identifier}"
        rid = self.new_id("resource", key)
        page = self.add_file(f"lessons/{rid}.html",
                             lambda: webcontent.build_page(lesson, f"lessons/{rid}.html", self.course.language))
        resource = ResourcePlan(rid, self.p.types["webcontent"], [page], href=page,
                                standards=lesson.standards, hours=lesson.hours)
        self.plan.resources.append(resource)  # before its assets, so the manifest reads top-down
        resource.dependencies = list(dict.fromkeys(self.asset(a) for a in lesson.assets))
        items = [ItemPlan(self.new_id("item", key), lesson.title, rid)]
        if lesson.launch_url:
            items.append(self._launch("lesson", lesson.identifier, lti_link.companion_title(lesson.title),
                                      lesson.launch_url, lesson.standards))
        return items

    def asset(self, asset: AssetDoc) -> str:
        try:
            path = check_name(asset.path)
        except UnsafePathError as exc:
            raise ExportError(f"asset path {asset.path!r} is not a safe relative path: {exc}") from None
        if path in self._assets:
            known, rid = self._assets[path]
            if known.data != asset.data:
                raise ExportError(f"two different files share the asset path {path!r}")
            return rid
        rid = self.new_id("resource", f"asset:{path}")
        self._assets[path] = (asset, rid)
        zpath = self.add_file(webcontent.asset_zip_path(path), lambda: asset.data,
                              compress=not asset.content_type.startswith(_STORED_PREFIXES))
        self.plan.resources.append(ResourcePlan(rid, self.p.types["webcontent"], [zpath]))
        return rid

    def assessment(self, a: AssessmentDoc) -> list[ItemPlan]:
        if self.p.thin:
            return [self._launch("assessment", a.identifier, a.title, a.launch_url, a.standards)]
        if not a.items:
            raise ExportError(f"assessment '{a.title}' has no questions; QTI needs at least one")
        for n, item in enumerate(a.items, 1):
            if (problem := qti.validate_item(item)) is not None:
                raise ExportError(f"assessment '{a.title}', question {n}: {problem}")
        key = f"assessment:{a.identifier}"
        rid = self.new_id("resource", key)
        item_ids = [self.new_id("qti-item", f"{a.identifier}/{i.identifier}") for i in a.items]
        path = self.add_file(f"assessments/{rid}.xml",
                             lambda: xml_bytes(qti.build_assessment(a, rid, item_ids, self.p)))
        self.plan.resources.append(ResourcePlan(rid, self.p.types["assessment"], [path], standards=a.standards))
        items = [ItemPlan(self.new_id("item", key), a.title, rid)]
        if a.launch_url:
            items.append(self._launch("assessment", a.identifier, lti_link.companion_title(a.title),
                                      a.launch_url, a.standards))
        return items

    def link(self, link: LinkDoc, key: str) -> ItemPlan:
        rid = self.new_id("resource", key)
        if link.kind is LinkKind.web:
            rtype, build, folder = self.p.types["weblink"], links.build_weblink, "links"
        elif link.kind is LinkKind.lti:
            rtype, build, folder = self.p.types["lti"], lti_link.build_lti_link, "lti"
        else:
            if self.p.thin:
                raise ExportError(f"discussion '{link.title}' cannot go in a thin cartridge (links only)")
            rtype, build, folder = self.p.types["discussion"], links.build_topic, "discussions"
        try:
            build(link, self.p)  # fail now, with the title in the message, not halfway through the zip
        except ValueError as exc:
            raise ExportError(str(exc)) from None
        path = self.add_file(f"{folder}/{rid}.xml", lambda: xml_bytes(build(link, self.p)))
        self.plan.resources.append(ResourcePlan(rid, rtype, [path], standards=link.standards))
        return ItemPlan(self.new_id("item", key), link.title, rid)


def plan_cartridge(course: CourseDoc, p: Profile, id_factory: IdFactory) -> CartridgePlan:
    return _Planner(course, p, id_factory).run()
