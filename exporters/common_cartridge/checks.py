"""Our own checks of the rules LMS importers rely on, without the XSDs.

The official schemas (validated in the tests) catch shape errors; these catch what they miss or
what we promise on top: identifiers, references and files that resolve, type strings that match the
manifest's version, the Schematron rules of the CC 1.3 profile, the QTI CC profile and LTI links
without secrets. Every problem is a Finding; an empty list means the package passed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from . import lti_link
from .errors import CartridgeError, UnsafePathError
from .ids import is_xs_id
from .namespaces import ALLOWED_TYPES, NAMESPACES, SCHEMA_FULL, SCHEMA_THIN, THIN_TYPES, VERSION_BY_NAMESPACE
from .qti import TYPE_BY_PROFILE
from .safexml import parse_xml
from .safezip import DEFAULT_LIMITS, MANIFEST, Limits, Package, Source, check_name, open_package

ONE_FILE_NO_HREF = ("imsqti_xmlv1p2/", "imsdt_xmlv1p", "imswl_xmlv1p", "imsbasiclti_xmlv1p")
MATERIAL_CHILDREN = {"mattext", "matref", "matbreak"}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str         # stable short name of the rule, e.g. "identifierref-dangling"
    message: str
    where: str = ""   # identifier or file the finding is about


def check_cartridge(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> list[Finding]:
    """Check a cartridge (path, bytes or binary file); unreadable or unsafe packages give one finding."""
    try:
        with open_package(source, limits) as pkg:
            return _Checker(pkg, limits).run()
    except CartridgeError as exc:
        return [Finding("package", str(exc))]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


class _Checker:
    def __init__(self, pkg: Package, limits: Limits) -> None:
        self.pkg, self.limits = pkg, limits
        self.names = pkg.names()
        self.findings: list[Finding] = []

    def add(self, code: str, message: str, where: str = "") -> None:
        self.findings.append(Finding(code, message, where))

    def run(self) -> list[Finding]:
        root = parse_xml(self.pkg.read(MANIFEST), MANIFEST, self.limits.max_xml_size)
        ns = etree.QName(root).namespace or ""
        version = VERSION_BY_NAMESPACE.get(ns)
        if version is None or _local(root) != "manifest":
            self.add("namespace", f"the manifest namespace {ns!r} is not a Common Cartridge namespace")
            return self.findings
        self.cp = ns
        thin = self.metadata(root, version)
        resources = {r.get("identifier", ""): r for r in root.iterfind(f"{{{ns}}}resources/{{{ns}}}resource")}
        self.identifiers(root, resources)
        self.organization(root, resources)
        for r in resources.values():
            self.resource(r, version, thin, resources)
        self.standards_namespace(root, version)
        return self.findings

    # ------------------------------------------------------------------------------ manifest

    def metadata(self, root: etree._Element, version: str) -> bool:
        cp = self.cp
        meta = root.find(f"{{{cp}}}metadata")
        schema = (meta.findtext(f"{{{cp}}}schema") or "").strip() if meta is not None else ""
        schemaversion = (meta.findtext(f"{{{cp}}}schemaversion") or "").strip() if meta is not None else ""
        if schema not in (SCHEMA_FULL, SCHEMA_THIN):
            self.add("schema", f"metadata/schema is {schema!r}; it must be '{SCHEMA_FULL}' or '{SCHEMA_THIN}'")
        elif schema == SCHEMA_THIN and version not in ("1.2", "1.3"):
            self.add("schema", f"thin cartridges exist for CC 1.2 and 1.3, not {version}")
        if schemaversion != f"{version}.0":
            self.add("schemaversion", f"schemaversion is {schemaversion!r} but the namespace is CC {version} "
                                      f"(expected '{version}.0')")
        lom = meta.find("{*}lom") if meta is not None else None
        if lom is None or not (etree.QName(lom).namespace or "").endswith("/LOM/manifest"):
            self.add("lom-missing", "the manifest metadata has no LOM (lomimscc:lom)")
        elif not " ".join(lom.xpath("./*[local-name()='general']/*[local-name()='title']"
                                    "/*[local-name()='string']/text()")).strip():
            self.add("lom-title", "the manifest LOM has no general/title")
        return schema == SCHEMA_THIN

    def identifiers(self, root: etree._Element, resources: dict[str, etree._Element]) -> None:
        ids = [(el.get("identifier"), el) for el in root.iter() if isinstance(el.tag, str) and el.get("identifier") is not None
               and _local(el) in ("manifest", "organization", "item", "resource", "variant")]
        for value, el in ids:
            if not is_xs_id(value or ""):
                self.add("identifier-invalid", f"{_local(el)} identifier {value!r} is not a valid xs:ID "
                                               "(it must start with a letter or '_', without spaces)", value or "")
        for value, count in Counter(v for v, _ in ids).items():
            if count > 1:
                self.add("identifier-duplicate", f"identifier {value!r} is used {count} times", value or "")
        for el in root.iter(f"{{{self.cp}}}item", f"{{{self.cp}}}dependency", "{*}variant"):
            ref = el.get("identifierref")
            if ref is not None and ref not in resources:
                self.add("identifierref-dangling", f"{_local(el)} points to {ref!r}, which is no resource", ref)

    def organization(self, root: etree._Element, resources: dict[str, etree._Element]) -> None:
        cp = self.cp
        orgs = root.findall(f"{{{cp}}}organizations/{{{cp}}}organization")
        if len(orgs) > 1:
            self.add("organization-count", f"there are {len(orgs)} organizations; at most one is allowed")
        for org in orgs:
            if org.get("structure") != "rooted-hierarchy":
                self.add("organization-structure", "the organization must have structure='rooted-hierarchy'")
            tops = org.findall(f"{{{cp}}}item")
            if len(tops) != 1:
                self.add("root-item", f"the organization has {len(tops)} top items; exactly one root item is required")
                continue
            top = tops[0]
            if top.find(f"{{{cp}}}title") is not None or top.get("identifierref"):
                self.add("root-item", "the root item must have no title and no identifierref", top.get("identifier", ""))
            for item in top.iter(f"{{{cp}}}item"):
                if item is not top:
                    self.item(item, resources)

    def item(self, item: etree._Element, resources: dict[str, etree._Element]) -> None:
        cp, ident = self.cp, item.get("identifier", "")
        children = [_local(c) for c in item if isinstance(c.tag, str)]
        if not children or children[0] != "title" or not (item.findtext(f"{{{cp}}}title") or "").strip():
            self.add("item-title", "an item below the root needs a title (its first child)", ident)
        if "metadata" in children and children[-1] != "metadata":
            self.add("item-order", "an item's metadata must come after its title and child items", ident)
        ref = item.get("identifierref")
        if ref and "item" in children:
            self.add("item-children", "an item that points to a resource cannot contain other items", ident)
        target = resources.get(ref or "")
        if target is not None and target.get("type", "").endswith("question-bank"):
            self.add("item-question-bank", "an item may not point to a question bank", ident)

    # ----------------------------------------------------------------------------- resources

    def resource(self, r: etree._Element, version: str, thin: bool, resources: dict[str, etree._Element]) -> None:
        cp, ident, rtype = self.cp, r.get("identifier", ""), r.get("type", "")
        allowed = THIN_TYPES if thin else ALLOWED_TYPES[version]
        if rtype not in allowed:
            self.add("resource-type", f"type {rtype!r} is not a CC {version}{' thin' if thin else ''} resource type", ident)
        files = [f.get("href", "") for f in r.iterfind(f"{{{cp}}}file")]
        href = r.get("href")
        for f in files + ([href] if href else []):
            self.file_exists(f, ident)
        for f, n in Counter(files).items():
            if n > 1:
                self.add("file-duplicate", f"file {f!r} is listed {n} times", ident)
        if href is not None and href not in files:
            self.add("href-file", f"href {href!r} has no matching <file>", ident)
        if rtype.startswith(ONE_FILE_NO_HREF):
            if len(files) != 1:
                self.add("resource-files", f"a {rtype} resource needs exactly one file (it has {len(files)})", ident)
            if href is not None:
                self.add("resource-href", f"a {rtype} resource must not have an href", ident)
        deps = [d.get("identifierref", "") for d in r.iterfind(f"{{{cp}}}dependency")]
        if ident in deps:
            self.add("dependency-self", "a resource depends on itself", ident)
        if len(set(deps)) != len(deps):
            self.add("dependency-duplicate", "a resource lists the same dependency twice", ident)
        order = [_local(c) for c in r if isinstance(c.tag, str)]
        rank = {"metadata": 0, "file": 1, "dependency": 2}
        ranks = [rank.get(name, 3) for name in order]  # extensions (cpx:variant) come last
        if ranks != sorted(ranks):
            self.add("resource-order", "resource children must be metadata, files, dependencies, then extensions", ident)
        if files and (path := self.existing(files[0])) is not None:
            check = (self.qti if rtype.startswith("imsqti_xmlv1p2/") and rtype.endswith("/assessment")
                     else self.lti if rtype.startswith("imsbasiclti_xmlv1p")
                     else self.weblink if rtype.startswith("imswl_xmlv1p") else None)
            if check is not None:
                try:
                    check(path, version)
                except CartridgeError as exc:  # one bad file is one finding; keep checking the rest
                    self.add("xml", str(exc), path)

    def existing(self, href: str) -> str | None:
        try:
            name = check_name(href)
        except UnsafePathError:
            return None
        return next((n for n in (name, unquote(name)) if n in self.names), None)

    def file_exists(self, href: str, ident: str) -> None:
        if "\\" in href:
            self.add("file-backslash", f"file {href!r} uses a backslash; use forward slashes", ident)
            return
        try:
            check_name(href)
        except UnsafePathError as exc:
            self.add("file-unsafe", str(exc), ident)
            return
        if self.existing(href) is None:
            self.add("file-missing", f"file {href!r} is not in the package", ident)

    def standards_namespace(self, root: etree._Element, version: str) -> None:
        expected = {"1.3": NAMESPACES["1.3"]["csm"], "1.2": "http://www.imsglobal.org/xsd/imsccv1p2/imscsmd_v1p0"}.get(version)
        for el in root.iter("{*}curriculumStandardsMetadataSet"):
            ns = etree.QName(el).namespace
            if expected is None:
                self.add("standards-version", f"CC {version} has no curriculum standards metadata")
                return
            if ns != expected:
                self.add("standards-namespace", f"curriculum standards use {ns!r}; CC {version} needs {expected!r}")
                return

    # ---------------------------------------------------------------------------- resource files

    def qti(self, path: str, version: str) -> None:
        root = parse_xml(self.pkg.read(path), path, self.limits.max_xml_size)
        assessment = root.find("{*}assessment")
        if _local(root) != "questestinterop" or assessment is None:
            self.add("qti-root", "an assessment file must be questestinterop > assessment", path)
            return
        profile = [f.findtext("{*}fieldentry") for f in assessment.iterfind("{*}qtimetadata/{*}qtimetadatafield")
                   if f.findtext("{*}fieldlabel") == "cc_profile"]
        if profile != ["cc.exam.v0p1"]:
            self.add("qti-profile", "the assessment needs qtimetadata cc_profile = cc.exam.v0p1", path)
        sections = list(assessment.iter("{*}section"))
        if len(sections) != 1:
            self.add("qti-section", f"the CC profile allows one section (found {len(sections)})", path)
        for item in assessment.iter("{*}item"):
            where = f"{path}#{item.get('ident', '')}"
            profiles = [f.findtext("{*}fieldentry") for f in item.iterfind("{*}itemmetadata/{*}qtimetadata/{*}qtimetadatafield")
                        if f.findtext("{*}fieldlabel") == "cc_profile"]
            if len(profiles) != 1 or (profiles[0] not in TYPE_BY_PROFILE and profiles[0] != "cc.pattern_match.v0p1"):
                self.add("qti-item-profile", f"item profile {profiles!r} is not a CC item profile", where)
            for rp in item.iterfind("{*}resprocessing"):
                if [d.get("varname") for d in rp.iterfind("{*}outcomes/{*}decvar")] != ["SCORE"]:
                    self.add("qti-decvar", "resprocessing needs one decvar named SCORE", where)
            for material in item.iter("{*}material"):
                extra = {_local(c) for c in material if isinstance(c.tag, str)} - MATERIAL_CHILDREN
                if extra:
                    self.add("qti-material", f"material may only hold mattext, matref, matbreak (found {sorted(extra)})", where)

    def lti(self, path: str, version: str) -> None:
        root = parse_xml(self.pkg.read(path), path, self.limits.max_xml_size)
        expected = "http://www.imsglobal.org/xsd/imslticc_v1p3" if version == "1.3" else "http://www.imsglobal.org/xsd/imslticc_v1p0"
        if _local(root) != "cartridge_basiclti_link":
            self.add("lti-root", "an LTI resource file must be a cartridge_basiclti_link", path)
            return
        if etree.QName(root).namespace not in (expected, "http://www.imsglobal.org/xsd/imslticc_v1p0"):
            self.add("lti-namespace", f"LTI link namespace should be {expected!r}", path)
        if not (root.findtext("{*}title") or "").strip():
            self.add("lti-title", "the LTI link has no title", path)
        if not (root.findtext("{*}launch_url") or root.findtext("{*}secure_launch_url") or "").strip():
            self.add("lti-launch", "the LTI link has no launch_url", path)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            name = el.get("name", "") if _local(el) == "property" else _local(el)
            if lti_link.is_secret_name(name):
                self.add("lti-secret", f"the LTI link carries {name!r}, which looks like a credential", path)

    def weblink(self, path: str, version: str) -> None:
        root = parse_xml(self.pkg.read(path), path, self.limits.max_xml_size)
        url = root.find("{*}url")
        if url is None or not (url.get("href") or "").strip():
            self.add("weblink-url", "the web link has no url href", path)
