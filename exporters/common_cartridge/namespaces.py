"""Namespaces, type strings and schema locations of each cartridge version we write or read.

One NAMESPACES map per written version; a Profile bundles it with the version's type strings and
hands out one lxml ElementMaker per namespace, so builders nest like the documents they make.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from lxml.builder import ElementMaker

XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
BLTI = "http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
LTICM = "http://www.imsglobal.org/xsd/imslticm_v1p0"
LTICP = "http://www.imsglobal.org/xsd/imslticp_v1p0"

NAMESPACES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "1.3": MappingProxyType({
        "cp": "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
        "lomimscc": "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
        "lom": "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource",
        "csm": "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0",
        "cpx": "http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2",
        "wl": "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
        "dt": "http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3",
        "qti": QTI,
        "lticc": "http://www.imsglobal.org/xsd/imslticc_v1p3",
        "blti": BLTI,
        "lticm": LTICM,
        "lticp": LTICP,
        "xsi": XSI,
    }),
    "1.1": MappingProxyType({
        "cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
        "lomimscc": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
        "lom": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource",
        "wl": "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
        "dt": "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
        "qti": QTI,
        "lticc": "http://www.imsglobal.org/xsd/imslticc_v1p0",
        "blti": BLTI,
        "lticm": LTICM,
        "lticp": LTICP,
        "xsi": XSI,
    }),
})

# Manifest namespace -> cartridge version, for reading anything from CC 1.0 to 1.3.
VERSION_BY_NAMESPACE: Mapping[str, str] = MappingProxyType({
    "http://www.imsglobal.org/xsd/imscc/imscp_v1p1": "1.0",
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": "1.1",
    "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1": "1.2",
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1": "1.3",
})

SCHEMA_FULL = "IMS Common Cartridge"
SCHEMA_THIN = "IMS Thin Common Cartridge"


def resource_types(version: str) -> dict[str, str]:
    """The resource type strings a manifest of `version` ("1.0".."1.3") must use."""
    v = {"1.0": "v1p0", "1.1": "v1p1", "1.2": "v1p2", "1.3": "v1p3"}[version]
    return {
        "webcontent": "webcontent",
        "assessment": f"imsqti_xmlv1p2/imscc_xml{v}/assessment",
        "question_bank": f"imsqti_xmlv1p2/imscc_xml{v}/question-bank",
        "associated": f"associatedcontent/imscc_xml{v}/learning-application-resource",
        "discussion": f"imsdt_xml{v}",
        "weblink": f"imswl_xml{v}",
        # CC 1.1 and 1.2 kept the 1.0 BasicLTI link type; 1.3 has its own.
        "lti": "imsbasiclti_xmlv1p3" if version == "1.3" else "imsbasiclti_xmlv1p0",
    }


# Types allowed in a manifest of each version (CC 1.3 adds the assignment extension and a few more).
ALLOWED_TYPES: Mapping[str, frozenset[str]] = MappingProxyType({
    version: frozenset(resource_types(version).values())
    | ({"assignment_xmlv1p0", "idpfepub_epubv3p0", "imsapip_zipv1p0", "imsiwb_iwbv1p0"} if version == "1.3" else set())
    for version in ("1.0", "1.1", "1.2", "1.3")
})
THIN_TYPES = frozenset({"imswl_xmlv1p3", "imsbasiclti_xmlv1p3"})

_SCHEMA_LOCATIONS = {
    "1.3": (
        ("cp", "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd"),
        ("lomimscc", "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd"),
        ("lom", "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lomresource_v1p0.xsd"),
        ("csm", "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscsmd_v1p0.xsd"),
    ),
    "1.1": (
        ("cp", "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd"),
        ("lomimscc", "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd"),
        ("lom", "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd"),
    ),
}
class Profile:
    """Everything that differs between the cartridge flavours we write: "1.3", "1.1", "thin"."""

    __slots__ = ("name", "version", "ns", "schema", "schemaversion", "types", "thin",
                 "has_standards", "has_resource_lom", "E", "_locations")

    def __init__(self, name: str) -> None:
        if name not in ("1.3", "1.1", "thin"):
            raise ValueError(f"unknown cartridge version {name!r}; use '1.3', '1.1' or 'thin'")
        self.name = name
        self.version = "1.1" if name == "1.1" else "1.3"
        self.ns = NAMESPACES[self.version]
        self.thin = name == "thin"
        self.schema = SCHEMA_THIN if self.thin else SCHEMA_FULL
        self.schemaversion = self.version + ".0"
        self.types = resource_types(self.version)
        # CC 1.1 has no curriculum standards and its resource LOM only allows educational roles.
        self.has_standards = self.version == "1.3"
        self.has_resource_lom = self.version == "1.3"
        self._locations = _SCHEMA_LOCATIONS[self.version]
        manifest_prefixes = ["lomimscc", "lom", "csm", "xsi"] if self.has_standards else ["lomimscc", "lom", "xsi"]
        manifest_nsmap = {None: self.ns["cp"], **{p: self.ns[p] for p in manifest_prefixes}}
        self.E: Mapping[str, ElementMaker] = MappingProxyType({
            "cp": ElementMaker(namespace=self.ns["cp"], nsmap=manifest_nsmap),
            **{p: ElementMaker(namespace=self.ns[p], nsmap={p: self.ns[p]})
               for p in ("lomimscc", "lom", "csm") if p in self.ns},
            # Resource files use their own namespace as the default one, like the spec's examples.
            "qti": ElementMaker(namespace=QTI, nsmap={None: QTI}),
            "wl": ElementMaker(namespace=self.ns["wl"], nsmap={None: self.ns["wl"]}),
            "dt": ElementMaker(namespace=self.ns["dt"], nsmap={None: self.ns["dt"]}),
            "lticc": ElementMaker(namespace=self.ns["lticc"], nsmap={
                None: self.ns["lticc"], "blti": BLTI, "lticm": LTICM, "lticp": LTICP}),
            "blti": ElementMaker(namespace=BLTI, nsmap={"blti": BLTI}),
            "lticm": ElementMaker(namespace=LTICM, nsmap={"lticm": LTICM}),
            "lticp": ElementMaker(namespace=LTICP, nsmap={"lticp": LTICP}),
        })

    def schema_location(self) -> str:
        """xsi:schemaLocation of the manifest: namespace/location pairs."""
        return " ".join(f"{self.ns[p]} {loc}" for p, loc in self._locations)


PROFILES: Mapping[str, Profile] = MappingProxyType({name: Profile(name) for name in ("1.3", "1.1", "thin")})


def profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown cartridge version {name!r}; use '1.3', '1.1' or 'thin'") from None
