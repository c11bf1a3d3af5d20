"""Frozen, hashable descriptions of a course as the format codecs see it.

These are the only types the codecs in exporters/ know. authoring/interchange maps ORM rows to and
from them; nothing here knows about a database. Collections are tuples (lists passed in are turned
into tuples) so every document is immutable and hashable, and equal content compares equal, which
is what the round-trip tests rely on.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from decimal import Decimal


class ItemType(str, enum.Enum):
    """Assessment item types; the values match authoring.curriculum.models.ItemType."""

    multiple_choice = "multiple_choice"
    multiple_response = "multiple_response"
    true_false = "true_false"
    fill_in_blank = "fill_in_blank"
    essay = "essay"


class LinkKind(str, enum.Enum):
    """Things a cartridge can hold that Toolpath has no lesson/assessment for."""

    web = "web"                # imswl web link
    lti = "lti"                # cartridge_basiclti_link
    discussion = "discussion"  # imsdt discussion topic


def _tuples(obj: object) -> None:
    """Freeze list arguments into tuples so callers may pass lists without breaking hashing."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


@dataclass(frozen=True, slots=True)
class StandardRef:
    """One aligned framework item, written as a labelledGUID in curriculum standards metadata.

    `guid` is the CASE CFItem identifier (FrameworkItem.identifier); `provider` becomes the
    providerId (we use the framework's title), `region`/`version` the setOfGUIDs attributes.
    """

    guid: str
    label: str = ""
    provider: str = ""
    region: str = ""
    version: str = ""


@dataclass(frozen=True, slots=True)
class AssetDoc:
    """A file a lesson uses. `path` is relative to web_resources/, POSIX separators, no '..'.

    A lesson's body_html refers to the asset by that same relative path (URL-quoted where needed),
    e.g. <img src="images/lathe%20chuck.png"> for path "images/lathe chuck.png".
    """

    path: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class LessonDoc:
    identifier: str
    title: str
    body_html: str = ""
    hours: Decimal = Decimal(0)
    assets: tuple[AssetDoc, ...] = ()
    standards: tuple[StandardRef, ...] = ()
    launch_url: str | None = None  # LTI launch back to Toolpath for this lesson, if published

    def __post_init__(self) -> None:
        _tuples(self)


@dataclass(frozen=True, slots=True)
class ChoiceDoc:
    id: str
    text: str
    correct: bool = False


@dataclass(frozen=True, slots=True)
class ItemDoc:
    """One question. Which answer fields matter depends on item_type:

    multiple_choice / multiple_response: `choices` (with `correct` flags);
    true_false: `tf_answer`; fill_in_blank: `accepted` and `case_sensitive`; essay: none.
    """

    identifier: str
    item_type: ItemType
    prompt: str  # HTML
    choices: tuple[ChoiceDoc, ...] = ()
    tf_answer: bool | None = None
    accepted: tuple[str, ...] = ()
    case_sensitive: bool = False
    feedback: str = ""  # HTML, shown after answering
    points: Decimal = Decimal(1)
    outcome_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuples(self)
        object.__setattr__(self, "item_type", ItemType(self.item_type))


@dataclass(frozen=True, slots=True)
class AssessmentDoc:
    identifier: str
    title: str
    instructions: str = ""  # HTML
    items: tuple[ItemDoc, ...] = ()
    standards: tuple[StandardRef, ...] = ()
    launch_url: str | None = None

    def __post_init__(self) -> None:
        _tuples(self)

    @property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


@dataclass(frozen=True, slots=True)
class LinkDoc:
    """A web link, an LTI link or a discussion topic (mostly met on import)."""

    identifier: str
    kind: LinkKind
    title: str
    url: str = ""        # web link target or LTI launch URL; empty for discussions
    text_html: str = ""  # discussion prompt or LTI description
    custom: tuple[tuple[str, str], ...] = ()  # LTI custom parameters; never secrets
    standards: tuple[StandardRef, ...] = ()

    def __post_init__(self) -> None:
        _tuples(self)
        object.__setattr__(self, "kind", LinkKind(self.kind))
        object.__setattr__(self, "custom", tuple(tuple(pair) for pair in self.custom))


@dataclass(frozen=True, slots=True)
class UnitDoc:
    """A unit (a module in the LMS). Within it, the cartridge lists lessons, then assessments,
    then links; the order inside each kind is kept."""

    identifier: str
    title: str
    summary: str = ""
    revision: int | None = None  # the published UnitRevision.number the cartridge was made from
    lessons: tuple[LessonDoc, ...] = ()
    assessments: tuple[AssessmentDoc, ...] = ()
    links: tuple[LinkDoc, ...] = ()
    standards: tuple[StandardRef, ...] = ()

    def __post_init__(self) -> None:
        _tuples(self)


@dataclass(frozen=True, slots=True)
class CourseDoc:
    identifier: str
    title: str
    description: str = ""
    language: str = "en"
    keywords: tuple[str, ...] = ()
    rights: str = ""  # licence / copyright statement, e.g. "CC BY 4.0"
    units: tuple[UnitDoc, ...] = ()
    # Course-level standards beyond those on units and resources (the manifest lists the union).
    standards: tuple[StandardRef, ...] = ()
    # Base URL of the Toolpath LTI tool; thin cartridges launch here when an item has no launch_url.
    launch_base_url: str | None = None

    def __post_init__(self) -> None:
        _tuples(self)
