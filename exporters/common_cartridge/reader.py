"""Read a Common Cartridge (1.0-1.3, full or thin, zip or directory) into the model, with a report.

What becomes what:
  organization: each top-level module -> a unit (deeper sub-modules are flattened into it);
    top-level items outside any module and importable resources no module points to (Canvas puts
    pages and quizzes there) -> one extra unit, "Other content";
  webcontent -> a lesson: an HTML page with the files it links to as assets, or a single file
    (PDF, image, ...) presented by a short page linking to it;
  QTI assessment -> an assessment with the supported item types; other questions are listed in the
    report, and a quiz with no supported question becomes a lesson holding its instructions;
  discussion / web link / LTI link -> LinkDoc; assignments -> lessons (their text);
  curriculum standards GUIDs on the manifest, module items and resources are kept.
Canvas quirks handled: 1.1 type strings in 1.3 manifests, identifiers starting with a digit,
course_settings/canvas_export.txt, non_cc_assessments/*.qti (preferred: it keeps every question and
its points), cpx:variant fallbacks, webcontent hrefs without a <file>, resources missing from the zip.

HTML is returned as found: authoring.html sanitises it on the way into the database.
"""
from __future__ import annotations

import html as htmllib
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable
from urllib.parse import quote, unquote

from lxml import etree

from ..model import AssessmentDoc, AssetDoc, CourseDoc, ItemDoc, LessonDoc, LinkDoc, StandardRef, UnitDoc
from . import links, lti_link, qti, standards, webcontent
from .errors import CartridgeError, UnsafePathError, UnsupportedCartridgeError
from .namespaces import VERSION_BY_NAMESPACE
from .safexml import parse_html, parse_xml
from .safezip import DEFAULT_LIMITS, MANIFEST, Limits, Package, Source, check_name, open_package

OTHER_CONTENT = "Other content"
CANVAS_MARKER = "course_settings/canvas_export.txt"
_HTML = (".html", ".htm", ".xhtml")


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something in the cartridge that did not make it into the course, and why."""

    title: str
    kind: str    # "question", "quiz", "question bank", "module item", "resource", ...
    reason: str
    where: str = ""  # resource identifier, file path or module title: where to look in the cartridge


@dataclass(frozen=True, slots=True)
class ImportReport:
    version: str           # "1.0" .. "1.3"
    schema: str            # "IMS Common Cartridge" or "IMS Thin Common Cartridge"
    made_by_canvas: bool
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportResult:
    course: CourseDoc
    report: ImportReport


def read_cartridge(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a cartridge from a path (.imscc/.zip file or unpacked directory), bytes or a binary file.

    Raises a CartridgeError subclass, with a message for the teacher, when the input is unsafe,
    damaged or not a Common Cartridge.
    """
    with open_package(source, limits) as pkg:
        return _Reader(pkg, limits).read()


# ------------------------------------------------------------------------------------ helpers

@dataclass
class _Resource:
    identifier: str
    type: str
    href: str | None
    files: list[str]
    dependencies: list[str]
    element: etree._Element
    variant_of: str | None = None


def _kind(rtype: str) -> str:
    """Version-independent kind of a resource type string (Canvas mixes 1.1 and 1.3 strings)."""
    if rtype == "webcontent":
        return "webcontent"
    if rtype.startswith("imsqti_xmlv1p2"):
        return "question_bank" if rtype.endswith("question-bank") else "assessment"
    for prefix, kind in (("imsdt_xmlv1p", "discussion"), ("imswl_xmlv1p", "weblink"),
                         ("imsbasiclti_xmlv1p", "lti"), ("associatedcontent/", "associated"),
                         ("assignment_xmlv1p", "assignment")):
        if rtype.startswith(prefix):
            return kind
    return "unknown"


def _text(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    return " ".join((el.findtext(path) or "").split())


_DURATION = re.compile(
    r"P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?")


def parse_hours(duration: str) -> Decimal:
    """ISO 8601 duration (LOM typicalLearningTime) -> hours, to the hundredth."""
    m = _DURATION.fullmatch(duration.strip())
    if not m or not duration.strip():
        return Decimal(0)
    d, h, mi, s = (Decimal(m.group(g) or 0) for g in "dhms")
    return (d * 24 + h + mi / 60 + s / 3600).quantize(Decimal("0.01"))


class _Reader:
    def __init__(self, pkg: Package, limits: Limits) -> None:
        self.pkg, self.limits = pkg, limits
        self.names = pkg.names()
        self.files = webcontent.FileIndex(self.names)
        self.skipped: list[Skipped] = []
        self.notes: list[str] = []
        self.resources: dict[str, _Resource] = {}
        self.used: set[str] = set()          # resources turned into something (or consumed by one)
        self.linked_files: set[str] = set()  # package files that became assets
        self._assets: dict[str, AssetDoc] = {}
        self._model_ids: set[str] = set()
        self.toolpath_links: set[str] = set()  # LTI links Toolpath wrote beside a lesson/assessment

    # -------------------------------------------------------------------------------- package

    def path(self, href: str | None) -> str | None:
        """The package file an href names, if it is there (hrefs may be raw or percent-encoded)."""
        if not href:
            return None
        try:
            name = check_name(href)
        except UnsafePathError:
            return None
        for candidate in (name, unquote(name)):
            if candidate in self.names:
                return candidate
        return None

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.pkg.read(name), name, self.limits.max_xml_size)

    def asset(self, package_path: str) -> AssetDoc:
        if package_path not in self._assets:
            self._assets[package_path] = AssetDoc(
                path=webcontent.model_asset_path(package_path),
                content_type=mimetypes.guess_type(package_path)[0] or "application/octet-stream",
                data=self.pkg.read(package_path),
            )
        self.linked_files.add(package_path)
        return self._assets[package_path]

    def skip(self, title: str, kind: str, reason: str, where: str = "") -> None:
        self.skipped.append(Skipped(title, kind, reason, where))

    def model_id(self, preferred: str, fallback: str) -> str:
        """Identifiers must be unique in the model; a resource used twice gets a second name."""
        ident = preferred if preferred not in self._model_ids else f"{preferred}-{fallback}"
        self._model_ids.add(ident)
        return ident

    # ------------------------------------------------------------------------------- manifest

    def read(self) -> ImportResult:
        root = self.xml(MANIFEST)
        if etree.QName(root).localname != "manifest":
            raise UnsupportedCartridgeError("imsmanifest.xml does not start with a <manifest> element.")
        metadata = root.find("{*}metadata")
        schema = _text(metadata, "{*}schema")
        schemaversion = _text(metadata, "{*}schemaversion")
        version = VERSION_BY_NAMESPACE.get(etree.QName(root).namespace or "")
        if version is None:
            if "Common Cartridge" not in schema:
                raise UnsupportedCartridgeError(
                    "This package is not a Common Cartridge (it may be a SCORM or plain IMS content "
                    "package); export the course as Common Cartridge 1.1-1.3 instead.")
            version = ".".join(schemaversion.split(".")[:2]) or "1.3"
        self.load_resources(root)
        canvas = any(r.href == CANVAS_MARKER for r in self.resources.values())
        if canvas:
            self.notes.append("Made by Canvas: course settings, rubrics, due dates and grading groups "
                              "are Canvas-specific and were not imported.")

        lom = metadata.find("{*}lom") if metadata is not None else None
        title = _text(lom, "{*}general/{*}title/{*}string") or "Untitled course"
        units = self.organization(root)
        other = self.unorganized()
        if other.lessons or other.assessments or other.links:
            units.append(UnitDoc(identifier=self.model_id("other-content", "unit"), title=OTHER_CONTENT,
                                 lessons=other.lessons, assessments=other.assessments, links=other.links))
            self.notes.append(f"Content that was not in any module was put in the unit '{OTHER_CONTENT}'.")
        self.report_unused_files()

        everywhere = {s.guid for u in units for s in _unit_standards(u)}
        course = CourseDoc(
            identifier=root.get("identifier") or "cartridge",
            title=title,
            description=_text(lom, "{*}general/{*}description/{*}string"),
            language=_text(lom, "{*}general/{*}language") or "en",
            keywords=_keywords(lom),
            rights=_text(lom, "{*}rights/{*}description/{*}string"),
            units=tuple(units),
            standards=tuple(s for s in standards.parse(metadata) if s.guid not in everywhere),
        )
        report = ImportReport(version=version, schema=schema or "IMS Common Cartridge", made_by_canvas=canvas,
                              skipped=tuple(self.skipped), notes=tuple(self.notes))
        return ImportResult(course, report)

    def load_resources(self, root: etree._Element) -> None:
        for el in root.iterfind("{*}resources/{*}resource"):
            ident = el.get("identifier", "")
            if not ident:
                continue
            if ident in self.resources:
                self.notes.append(f"The cartridge defines resource '{ident}' twice; the first one was used.")
                continue
            variant = el.find("{*}variant")
            self.resources[ident] = _Resource(
                identifier=ident, type=el.get("type", ""), href=el.get("href"),
                files=[f.get("href", "") for f in el.iterfind("{*}file")],
                dependencies=[d.get("identifierref", "") for d in el.iterfind("{*}dependency")],
                element=el, variant_of=variant.get("identifierref") if variant is not None else None,
            )

    def organization(self, root: etree._Element) -> list[UnitDoc]:
        org = root.find("{*}organizations/{*}organization")
        if org is None:
            return []
        tops = org.findall("{*}item")
        # CC: one untitled root item. Plain IMS CP packages list their modules directly.
        container = tops[0] if len(tops) == 1 and not tops[0].get("identifierref") else org
        units: list[UnitDoc] = []
        loose: list[etree._Element] = []
        for item in container.iterfind("{*}item"):
            if item.get("identifierref") and item.find("{*}item") is None:
                loose.append(item)
                continue
            units.append(self.unit(item))
        if loose:
            contents = _Contents()
            for item in loose:
                self.item(item, contents, "")
            units.append(UnitDoc(identifier=self.model_id("course-items", "unit"), title="Course materials",
                                 lessons=contents.lessons, assessments=contents.assessments, links=contents.links))
        return units

    def unit(self, item: etree._Element) -> UnitDoc:
        title = _text(item, "{*}title") or "Untitled module"
        contents = _Contents()
        for child in item.iter("{*}item"):
            if child is item:
                continue
            if child.get("identifierref"):
                self.item(child, contents, title)
            elif child.find("{*}item") is not None:
                self.notes.append(f"Sub-module '{_text(child, '{*}title')}' was flattened into unit '{title}'.")
            else:
                self.skip(_text(child, "{*}title"), "text header", "module headers have no content", title)
        meta = item.find("{*}metadata")
        lom = meta.find("{*}lom") if meta is not None else None
        revision = _text(lom, "{*}lifeCycle/{*}version/{*}string")
        return UnitDoc(
            identifier=self.model_id(item.get("identifier") or title, "unit"), title=title,
            summary=_text(lom, "{*}general/{*}description/{*}string"),
            revision=int(revision) if revision.isdigit() else None,
            lessons=contents.lessons, assessments=contents.assessments, links=contents.links,
            standards=standards.parse(meta),
        )

    def item(self, item: etree._Element, contents: "_Contents", unit_title: str) -> None:
        ref = item.get("identifierref", "")
        title = _text(item, "{*}title")
        resource = self.resources.get(ref)
        if resource is None:
            self.skip(title, "module item", "it points to a resource the cartridge does not contain", ref)
            return
        contents.add(self.convert(resource, title, item.get("identifier", "")), self.toolpath_links)

    # ------------------------------------------------------------------------------ resources

    def convert(self, r: _Resource, title: str, item_id: str = "") -> LessonDoc | AssessmentDoc | LinkDoc | None:
        kind = _kind(r.type)
        handler: Callable[[_Resource, str, str], LessonDoc | AssessmentDoc | LinkDoc | None] | None = {
            "webcontent": self.webcontent, "assessment": self.assessment, "discussion": self.discussion,
            "weblink": self.weblink, "lti": self.lti, "assignment": self.assignment,
            "associated": self.associated,
        }.get(kind)
        if handler is None:
            reason = ("question banks are not imported" if kind == "question_bank"
                      else f"resources of type '{r.type}' are not supported")
            self.skip(title or r.identifier, "resource", reason, r.identifier)
            return None
        self.used.add(r.identifier)
        ident = self.model_id(r.identifier, item_id or "again")
        try:
            return handler(r, title, ident)
        except CartridgeError:
            raise
        except (KeyError, ValueError) as exc:  # a file the manifest names is missing or unreadable
            self.skip(title or r.identifier, "resource", f"it could not be read ({exc})", r.identifier)
            return None

    def main_file(self, r: _Resource) -> str | None:
        """The resource's entry file: its href when present (even without a <file>), else its first file."""
        return self.path(r.href) or next((p for p in map(self.path, r.files) if p), None)

    def lesson_metadata(self, r: _Resource) -> tuple[Decimal, tuple[StandardRef, ...]]:
        meta = r.element.find("{*}metadata")
        duration = _text(meta, "{*}lom/{*}educational/{*}typicalLearningTime/{*}duration")
        return parse_hours(duration) if duration else Decimal(0), standards.parse(meta)

    def page_lesson(self, path: str, title: str, ident: str, r: _Resource) -> LessonDoc:
        page = webcontent.read_page(parse_html(self.pkg.read(path), path, self.limits.max_xml_size), path, self.files)
        if page.unresolved:
            self.notes.append(f"'{title or page.title}': {len(page.unresolved)} link(s) point to files the "
                              "cartridge does not contain.")
        hours, refs = self.lesson_metadata(r)
        files = dict.fromkeys([*self.dependency_files(r), *page.assets.values()])
        return LessonDoc(identifier=ident, title=title or page.title or posixpath.basename(path),
                         body_html=page.body_html, hours=hours,
                         assets=tuple(self.asset(p) for p in files), standards=refs)

    def dependency_files(self, r: _Resource) -> list[str]:
        """Files of the web content a page declares it depends on (its images, even unlinked ones)."""
        out = []
        for dep_id in r.dependencies:
            dep = self.resources.get(dep_id)
            if dep is not None and _kind(dep.type) == "webcontent":
                self.used.add(dep_id)
                out.extend(p for p in map(self.path, dep.files) if p and not p.lower().endswith(_HTML))
        return out

    def webcontent(self, r: _Resource, title: str, ident: str) -> LessonDoc | None:
        path = self.main_file(r)
        if path is None:
            self.skip(title or r.identifier, "page", "its file is missing from the cartridge", r.href or r.identifier)
            return None
        if path.lower().endswith(_HTML):
            return self.page_lesson(path, title, ident, r)
        asset = self.asset(path)
        name = title or posixpath.basename(path)
        href = htmllib.escape(quote(asset.path, safe="/"))
        link = (f'<p><img src="{href}" alt="{htmllib.escape(name)}"/></p>' if asset.content_type.startswith("image/")
                else f'<p><a href="{href}">{htmllib.escape(name)}</a></p>')
        hours, refs = self.lesson_metadata(r)
        return LessonDoc(identifier=ident, title=name, body_html=link, hours=hours, assets=(asset,), standards=refs)

    def qti_sources(self, r: _Resource) -> tuple[str | None, str | None, str | None]:
        """(CC QTI file, Canvas full QTI file, Canvas assessment_meta.xml) of an assessment."""
        cc = next((p for p in map(self.path, r.files) if p), None)
        canvas = meta = None
        for dep_id in r.dependencies:
            dep = self.resources.get(dep_id)
            if dep is None:
                continue
            self.used.add(dep_id)
            for f in filter(None, map(self.path, dep.files + [dep.href or ""])):
                if f.endswith(".qti"):
                    canvas = f
                elif f.endswith("assessment_meta.xml"):
                    meta = f
        return cc, canvas, meta

    def assessment(self, r: _Resource, title: str, ident: str) -> AssessmentDoc | LessonDoc | None:
        cc, canvas, meta = self.qti_sources(r)
        parsed = None
        for source in (canvas, cc):  # Canvas's own file keeps every question and its points
            if source:
                candidate = qti.parse_qti(self.xml(source))
                if not candidate.is_bank:
                    parsed = candidate
                    break
        if parsed is None:
            self.skip(title or r.identifier, "quiz", "its QTI file is missing from the cartridge", r.identifier)
            return None
        instructions = parsed.instructions
        if meta:  # Canvas keeps the quiz description beside the QTI, not in it
            instructions = (self.xml(meta).findtext("{*}description") or "").strip() or instructions
        return self.assessment_doc(parsed, title, ident, instructions, standards.parse(r.element.find("{*}metadata")))

    def assessment_doc(self, parsed: qti.ParsedQti, title: str, ident: str, instructions: str,
                       refs: tuple[StandardRef, ...]) -> AssessmentDoc | LessonDoc:
        title = title or parsed.title or "Untitled quiz"
        for label, reason in parsed.unsupported:
            self.skip(f"{title}: {label}", "question", reason)
        self.notes.extend(f"'{title}': {note}." for note in parsed.notes)
        if not parsed.items:
            self.notes.append(f"Quiz '{title}' has no question Toolpath supports; it was imported as a page "
                              "with its instructions.")
            return LessonDoc(identifier=ident, title=title, body_html=instructions, standards=refs)
        seen: set[str] = set()
        items: list[ItemDoc] = []
        for n, item in enumerate(parsed.items, 1):
            item_id = item.identifier if item.identifier and item.identifier not in seen else f"{ident}-q{n}"
            seen.add(item_id)
            items.append(item if item_id == item.identifier else _with_id(item, item_id))
        return AssessmentDoc(identifier=ident, title=title, instructions=instructions, items=tuple(items), standards=refs)

    def _xml_path(self, r: _Resource) -> str | None:
        return next((p for p in map(self.path, r.files + [r.href or ""]) if p and p.endswith(".xml")), None)

    def _single_xml(self, r: _Resource, title: str, what: str) -> etree._Element | None:
        path = self._xml_path(r)
        if path is None:
            self.skip(title or r.identifier, what, "its file is missing from the cartridge", r.identifier)
            return None
        for dep in r.dependencies:
            self.used.add(dep)  # Canvas's topicMeta and similar companions
        return self.xml(path)

    def discussion(self, r: _Resource, title: str, ident: str) -> LinkDoc | None:
        root = self._single_xml(r, title, "discussion")
        if root is None:
            return None
        link = links.parse_topic(root, ident, title)
        return _with_standards(link, r)

    def weblink(self, r: _Resource, title: str, ident: str) -> LinkDoc | None:
        root = self._single_xml(r, title, "web link")
        if root is None:
            return None
        link = links.parse_weblink(root, ident, title)
        if link is None:
            self.skip(title or r.identifier, "web link", "it has no URL", r.identifier)
            return None
        return _with_standards(link, r)

    def lti(self, r: _Resource, title: str, ident: str) -> LinkDoc | None:
        root = self._single_xml(r, title, "LTI link")
        if root is None:
            return None
        link = lti_link.parse_lti_link(root, ident, title)
        if link is None:
            self.skip(title or r.identifier, "LTI link", "it has no launch URL", r.identifier)
            return None
        if lti_link.is_toolpath_link(root):
            self.toolpath_links.add(ident)
        return _with_standards(link, r)

    def assignment(self, r: _Resource, title: str, ident: str) -> LessonDoc | None:
        """The CC 1.3 assignment extension: its instructions become a page."""
        root = self._single_xml(r, title, "assignment")
        path = self._xml_path(r)
        if root is None or path is None:
            return None
        text = root.find("{*}text")
        body = (text.text or "").strip() if text is not None else ""
        if text is not None and "html" not in (text.get("texttype") or ""):
            body = htmllib.escape(body)
        page = webcontent.read_fragment(body, path, self.files)
        self.note_assignment()
        hours, refs = self.lesson_metadata(r)
        return LessonDoc(identifier=ident, title=title or _text(root, "{*}title") or "Assignment",
                         body_html=page.body_html, hours=hours,
                         assets=tuple(self.asset(p) for p in page.assets.values()), standards=refs)

    def note_assignment(self) -> None:
        note = "Assignments were imported as pages; submission types, points and due dates are not kept."
        if note not in self.notes:
            self.notes.append(note)

    def associated(self, r: _Resource, title: str, ident: str) -> LessonDoc | AssessmentDoc | None:
        path = self.path(r.href)
        if path and path.lower().endswith(_HTML) and any(f.endswith("assignment_settings.xml") for f in r.files):
            self.note_assignment()  # Canvas 1.1-style assignment: an HTML page plus settings
            return self.page_lesson(path, title, ident, r)
        if path and path.endswith(".qti"):
            parsed = qti.parse_qti(self.xml(path))
            if parsed.is_bank:
                self.skip(parsed.title or title or r.identifier, "question bank",
                          "question banks are not imported", r.identifier)
                return None
            return self.assessment_doc(parsed, title, ident, parsed.instructions, ())
        self.used.discard(r.identifier)
        if title:
            self.skip(title, "module item", "it is LMS-specific content with no Common Cartridge form", r.identifier)
        return None

    # ------------------------------------------------------------------------- leftovers

    def unorganized(self) -> "_Contents":
        """Importable resources no module points to, in manifest order."""
        contents = _Contents()
        for r in self.resources.values():
            if r.identifier in self.used or (r.variant_of and r.variant_of in self.resources):
                continue
            kind = _kind(r.type)
            if kind == "webcontent":
                path = self.main_file(r)
                if not (path and path.lower().endswith(_HTML) and not path.startswith(webcontent.WEB_RESOURCES)):
                    continue  # course files: imported only when a page links to them
            elif kind == "associated":
                if r.href == CANVAS_MARKER or not (r.href or "").endswith(_HTML + (".qti",)):
                    continue
                if r.href.endswith(_HTML) and not any(f.endswith("assignment_settings.xml") for f in r.files):
                    continue
            elif kind not in ("assessment", "discussion", "weblink", "lti", "assignment", "question_bank"):
                continue
            if kind == "question_bank":
                self.skip(r.identifier, "question bank", "question banks are not imported", r.identifier)
                continue
            contents.add(self.convert(r, ""), self.toolpath_links)
        return contents

    def report_unused_files(self) -> None:
        unused = [r for r in self.resources.values() if _kind(r.type) == "webcontent" and r.identifier not in self.used
                  and (p := self.main_file(r)) is not None and p not in self.linked_files
                  and not (r.variant_of and r.variant_of in self.resources)]
        if unused:
            self.notes.append(f"{len(unused)} course file(s) that no page or module uses were not imported.")


@dataclass
class _Contents:
    lessons: list[LessonDoc] = field(default_factory=list)
    assessments: list[AssessmentDoc] = field(default_factory=list)
    links: list[LinkDoc] = field(default_factory=list)

    last: LessonDoc | AssessmentDoc | LinkDoc | None = None

    def add(self, doc: LessonDoc | AssessmentDoc | LinkDoc | None, toolpath_links: set[str]) -> None:
        if isinstance(doc, LinkDoc) and doc.identifier in toolpath_links and self._fold_launch(doc):
            return
        if isinstance(doc, LessonDoc):
            self.lessons.append(doc)
        elif isinstance(doc, AssessmentDoc):
            self.assessments.append(doc)
        elif isinstance(doc, LinkDoc):
            self.links.append(doc)
        self.last = doc

    def _fold_launch(self, link: LinkDoc) -> bool:
        """Toolpath writes "<title> (Toolpath)" right after a lesson or assessment: that is its launch_url."""
        last = self.last
        if not isinstance(last, (LessonDoc, AssessmentDoc)) or last.launch_url:
            return False
        if link.title != lti_link.companion_title(last.title):
            return False
        docs = self.lessons if isinstance(last, LessonDoc) else self.assessments
        docs[-1] = self.last = replace(last, launch_url=link.url)
        return True


def _with_id(item: ItemDoc, identifier: str) -> ItemDoc:
    return replace(item, identifier=identifier)


def _with_standards(link: LinkDoc, r: _Resource) -> LinkDoc:
    refs = standards.parse(r.element.find("{*}metadata"))
    return replace(link, standards=refs) if refs else link


def _keywords(lom: etree._Element | None) -> tuple[str, ...]:
    if lom is None:
        return ()
    words = (" ".join((s.text or "").split()) for s in lom.iterfind("{*}general/{*}keyword/{*}string"))
    return tuple(w for w in words if w)


def _unit_standards(unit: UnitDoc):
    yield from unit.standards
    for doc in (*unit.lessons, *unit.assessments, *unit.links):
        yield from doc.standards
