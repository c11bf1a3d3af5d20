"""Curriculum standards metadata (imscsmd_v1p0): CASE item GUIDs on resources, items and the manifest.

curriculumStandardsMetadataSet > curriculumStandardsMetadata@providerId
  > setOfGUIDs@region@version > labelledGUID(label?, GUID)
"""
from __future__ import annotations

from typing import Iterable

from lxml import etree

from ..model import StandardRef
from .namespaces import Profile


def unique(refs: Iterable[StandardRef]) -> tuple[StandardRef, ...]:
    """First occurrence of each GUID, in order (the manifest lists the union of everything)."""
    seen: dict[str, StandardRef] = {}
    for ref in refs:
        seen.setdefault(ref.guid, ref)
    return tuple(seen.values())


def build(refs: Iterable[StandardRef], p: Profile) -> etree._Element | None:
    """The csm:curriculumStandardsMetadataSet element, or None when there is nothing to say."""
    refs = unique(refs)
    if not refs or not p.has_standards:
        return None
    csm = p.E["csm"]
    # Group by provider, then by (region, version), keeping first-seen order for stable output.
    groups: dict[str, dict[tuple[str, str], list[StandardRef]]] = {}
    for ref in refs:
        groups.setdefault(ref.provider, {}).setdefault((ref.region, ref.version), []).append(ref)
    metadata = []
    for provider, sets in groups.items():
        set_elements = []
        for (region, version), members in sets.items():
            attrs = {k: v for k, v in (("region", region), ("version", version)) if v}
            set_elements.append(csm.setOfGUIDs(
                *(csm.labelledGUID(*([csm.label(r.label)] if r.label else []), csm.GUID(r.guid)) for r in members),
                **attrs,
            ))
        metadata.append(csm.curriculumStandardsMetadata(*set_elements, **({"providerId": provider} if provider else {})))
    return csm.curriculumStandardsMetadataSet(*metadata)


def parse(container: etree._Element | None) -> tuple[StandardRef, ...]:
    """StandardRefs from any curriculumStandardsMetadataSet under `container` (namespace-agnostic:
    some tools wrote the pre-1.3 csmd_v1p0 namespace)."""
    if container is None:
        return ()
    refs = []
    for meta in container.iter("{*}curriculumStandardsMetadata"):
        provider = meta.get("providerId", "")
        for gset in meta.iter("{*}setOfGUIDs"):
            for lg in gset.iter("{*}labelledGUID"):
                guid = (lg.findtext("{*}GUID") or "").strip()
                if guid:
                    refs.append(StandardRef(
                        guid=guid, label=(lg.findtext("{*}label") or "").strip(), provider=provider,
                        region=gset.get("region", ""), version=gset.get("version", ""),
                    ))
    return unique(refs)
