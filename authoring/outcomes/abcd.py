"""Find the Condition and the Degree (criterion) of an ABCD outcome as text spans.

Cue phrases start a span; a span runs to the next cue of the other kind, the next behaviour verb
or the end of the sentence. A leading clause ("Given a print, 0-1 in. micrometer and a shaft,")
is one span, classified by how it starts. Time frames ("Upon completion of this unit") say when,
not under what circumstances, so they are neither.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from authoring.outcomes.parse import SENTENCE_END

Kind = Literal["condition", "criterion"]

_NUM = (r"(?:\d+(?:[.,/]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        r"|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)")
_TIME_UNITS = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|class periods?)"
_STANDARD_NOUNS = (r"(?:print|prints|drawing|blueprint|size|specs?|specifications?|tolerances?|code|"
                   r"standards?|dimensions?|criteria|key|answer key|rubric|checklist|wps|procedure|"
                   r"sop|sample|master|requirements?)")
_SETTINGS = (r"(?:shop|lab|laboratory|classroom|setting|environment|station|workstation|cell|booth|"
             r"bay|area|workplace|facility|plant|floor|simulat\w*|scenario|site|bench|jobsite|"
             r"garage|field|team|teams|pairs|groups?|position)")
_REFERENCES = (r"(?:prints?|blueprints?|drawings?|sketch|memory|list|chart|table|handbook|manual|"
               r"sds|msds|specifications?|procedure|diagram|schematic|model|data|catalog|toolpath|"
               r"file|notes)")
_ASSESSMENTS = r"(?:quiz|test|exam|examination|rubric|checklist|check|assessment|evaluation|attempt|try)"

_CRITERION = [re.compile(p, re.I) for p in (
    rf"\bwithin\b",
    r"(?:\+\s*/?\s*-|±)\s*\.?\d",
    rf"(?:\b(?:with|at|to|scoring|score of|achieving)\s+)?(?:(?:at least|a minimum of|no less than|an? )\s*)?\d+(?:\.\d+)?\s*(?:%|percent\b)",
    r"\b(?:accurately|correctly|error[- ]free|flawlessly)\b",
    r"\bwithout\s+(?:any\s+)?(?:errors?|mistakes?|defects?|omissions?|rework|deviations?|leak(?:s|ing)?|injury|incident)\b",
    r"\bwith\s+(?:no|zero|fewer than|less than|at most|no more than)\b",
    rf"\bto\s+(?:the\s+)?(?:[\w-]+'s\s+)?(?:nearest\b|within\b|{_STANDARD_NOUNS}\b(?!\s+(?:callouts?|views?|symbols?|reading|title|number|notes?|blocks?|lines?|scale|sheets?)\b))",
    r"\bto\s+(?:\.|\d)",
    r"\b(?:to|per|meeting|meets?)\s+(?:the\s+)?(?:aws|asme|ansi|iso|osha|nfpa|api|astm|nec|sae|nims)\b",
    rf"\bper\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+'s\s+)?(?:[\w-]+\s+){{0,2}}?{_STANDARD_NOUNS}\b",
    r"\b(?:according to|in accordance with|in compliance with|consistent with|conforming to)\b",
    r"\bas\s+(?:specified|shown|listed|described|required|defined|outlined|indicated)\s+(?:in|on|by)\b",
    rf"\bfollowing\s+(?:the|all|a|an|its|their|each|every)?\s*(?:[\w'-]+\s+){{0,3}}?(?:procedures?|steps|sop|instructions|guidelines|rules|sequence|standards?|checklist|code)\b",
    rf"\bagainst\s+(?:the|its|a|an|their)?\s*(?:[\w'-]+\s+){{0,3}}?{_STANDARD_NOUNS}\b",
    r"\b(?:meets?|meeting|satisf(?:y|ies|ying)|pass(?:es|ing)|passed|achiev(?:e|es|ing)|earn(?:s|ing)?|rated|matching|matches)\b",
    r"\b(?:instructor|teacher|evaluator|supervisor|inspector)\s+rates\b",
    rf"\bscor(?:e|es|ing)\s+(?:of\s+)?(?:at least\s+)?{_NUM}",
    rf"\b(?:in|under)\s+(?:under\s+|less than\s+|no more than\s+|fewer than\s+|at most\s+)?{_NUM}\s*{_TIME_UNITS}\b",
    rf"\b(?:all|each of the)\s+{_NUM}\b",
    rf"\b(?:at least|a minimum of|no fewer than|no less than|minimum of)\s+{_NUM}\b",
    rf"\b{_NUM}\s+(?:of|out of)\s+{_NUM}\b",
    r"\bon (?:the )?first (?:attempt|try)\b",
    r"\bin the (?:correct|proper|right|specified) (?:order|sequence)\b",
    r"\b(?:at all times|every time|on time)\b",
    rf"\b(?:on|by|using)\s+(?:the|a|an)?\s*(?:[\w'-]+\s+){{0,3}}?(?:rubric|checklist|answer key|scoring guide)\b",
)]

_CONDITION = [re.compile(p, re.I) for p in (
    r"\b(?:given|using|provided(?:\s+with)?|supplied\s+with|equipped\s+with|when\s+(?:given|provided|presented\s+with)|presented\s+with|during|while)\b",
    r"\bunder\s+(?:the\s+)?(?:direct\s+|close\s+)?supervision\b",
    r"\bwithout\s+(?:the\s+)?(?:aid|use|help|assistance|references?|notes|prompting?)\b",
    r"\b(?:independently|unassisted|from memory)\b",
    r"\bworking\s+(?:alone|independently|in\s+(?:pairs|teams|a\s+team|groups?))\b",
    r"\b(?:following|after|watching)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?demonstration\b",
    rf"\bin\s+(?:a|an|the)\s+(?:[\w'-]+\s+){{0,3}}?{_SETTINGS}\b",
    rf"\bat\s+(?:a|an|the|their|his|her)\s+(?:[\w'-]+\s+){{0,2}}?(?:{_SETTINGS}|machine|lathe|mill|grinder|press|saw|welder|console)\b",
    rf"\bfrom\s+(?:a|an|the|their)?\s*(?:[\w'-]+\s+){{0,3}}?{_REFERENCES}\b",
    r"\bon\s+(?:a|an|the|each|his|her|their)\s+[\w-]+",
    r"\bagainst\s+(?:a|an|the)\s+[\w-]+",
    r"\bwith\s+(?:a|an|the|his|her|their|only|two|three)\s+[\w-]+",
)]

# "with 90% accuracy" / "with no errors" are criteria; "on the module quiz" belongs to a score.
_WITH_CRITERION = re.compile(
    r"with\s+(?:\S+\s+){0,3}?(?:\d+(?:\.\d+)?\s*(?:%|percent)|accuracy|errors?|mistakes?|no\b|zero|fewer|agreement|precision)",
    re.I)
_ON_ASSESSMENT = re.compile(rf"on\s+(?:\S+\s+){{0,3}}?{_ASSESSMENTS}\b", re.I)
_AFTER_WORDS = re.compile(r"(?:accordance|agreement|compliance|familiar|comply|consistent)\s+$", re.I)
_TIME_FRAME = re.compile(
    r"\s*(?:upon|on)\s+(?:the\s+)?(?:successful\s+)?completion|\s*(?:after|by|at|following|before)\s+"
    r"(?:completing|completion|finishing|the\s+(?:end|conclusion|close))|\s*(?:by|at)\s+the\s+end"
    r"|\s*(?:over|throughout|during|in)\s+(?:the|this)\s+(?:course|unit|lesson|module|program|semester|year)\b",
    re.I,
)
_SENTENCE_END = re.compile(rf"{SENTENCE_END.pattern}|;")
# A leading clause that opens with a preposition of circumstance is a condition however it goes on.
_LEADING_CONDITION = re.compile(r"\s*(?:with|in|on|at|from|under|inside|when|if)\b", re.I)


@dataclass(frozen=True)
class Span:
    kind: Kind
    start: int
    end: int


def _cues(text: str, start: int, end: int) -> list[Span]:
    """Every cue in text[start:end], criterion first where two start at the same place."""
    found: list[Span] = []
    for kind, patterns in (("criterion", _CRITERION), ("condition", _CONDITION)):
        for pattern in patterns:
            for m in pattern.finditer(text, start, end):
                word = m.group().split()[0].lower()
                if kind == "condition" and word == "with" and _WITH_CRITERION.match(text, m.start()):
                    continue
                if kind == "condition" and word == "on" and _ON_ASSESSMENT.match(text, m.start()):
                    continue
                if _AFTER_WORDS.search(text, 0, m.start()):
                    continue
                found.append(Span(kind, m.start(), m.end()))  # type: ignore[arg-type]
    found.sort(key=lambda s: (s.start, s.kind != "criterion"))
    return found


def _leading(text: str, lead_end: int) -> list[Span]:
    """The clause before the audience: one span, typed by its first cue; time frames skipped."""
    lead = text[:lead_end]
    spans: list[Span] = []
    pos = 0
    for part in re.split(r"(,|\band\b)", lead) + [""]:
        seg_start = pos
        pos += len(part)
        if not part.strip() or part in (",", "and"):
            continue
        if _TIME_FRAME.match(part):
            spans.append(Span("condition", -1, -1))  # a time frame: ends any span, adds none
            continue
        offset = len(part) - len(part.lstrip())
        cue = next((c for c in _cues(text, seg_start + offset, seg_start + len(part))
                    if c.start == seg_start + offset), None)
        if cue is None and _LEADING_CONDITION.match(part):  # "With instructor supervision, ..."
            cue = Span("condition", seg_start + offset, seg_start + offset)
        if cue:
            spans.append(Span(cue.kind, cue.start, seg_start + len(part.rstrip())))
        elif spans and spans[-1].start >= 0:  # a list item continuing the previous span
            spans[-1] = Span(spans[-1].kind, spans[-1].start, seg_start + len(part.rstrip()))
        else:
            spans.extend(_body(text, seg_start, seg_start + len(part), stops=()))
    return [s for s in spans if s.start >= 0]


# A span ends where a relative clause or a trailing participle starts: "on a lathe that ...",
# "within 0.002 in., holding ...", "on the lathe holding all diameters".
_CLAUSE = re.compile(r"\s(?=(?:that|which|so that|before|until|where|holding|producing|keeping|maintaining)\b)|,\s(?=[a-z]+ing\b)", re.I)


def _body(text: str, start: int, end: int, stops: tuple[int, ...]) -> list[Span]:
    boundaries = sorted({m.end() - 1 for m in _SENTENCE_END.finditer(text, start, end)}
                        | {m.start() for m in _CLAUSE.finditer(text, start, end)} | {end} | set(stops))
    spans: list[Span] = []
    for cue in _cues(text, start, end):
        if spans and (cue.start <= spans[-1].start or (spans[-1].kind == cue.kind and cue.start < spans[-1].end)):
            continue  # inside the span already open (a criterion wins a tie)
        if spans and cue.start < spans[-1].end:
            spans[-1] = Span(spans[-1].kind, spans[-1].start, cue.start)  # the other kind ends it
        stop = next(b for b in boundaries if b >= cue.end)
        spans.append(Span(cue.kind, cue.start, stop))
    return spans


def find_spans(text: str, lead_end: int, verb_start: int, verb_end: int, stops: tuple[int, ...]) -> list[Span]:
    """Condition and criterion spans; `stops` are where further behaviours start."""
    spans = _leading(text, lead_end) + _body(text, lead_end, verb_start, stops) + _body(text, verb_end, len(text), stops)
    return [s for s in spans if text[s.start:s.end].strip(" ,.;:")]


def span_text(text: str, span: Span) -> str:
    piece = text[span.start:span.end].strip()
    piece = re.sub(r"(?:\s+(?:and|or))?[\s,;:]*$", "", piece)
    if piece.endswith(")") and "(" not in piece:
        piece = piece[:-1]
    return piece.rstrip(".") if not re.search(r"\b(?:in|ft|no)\.$", piece) else piece
