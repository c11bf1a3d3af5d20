"""check_outcome(): judge one learning-outcome statement against the ABCD model.

Rules a teacher can predict (also in the package docstring):
- The behaviour is the first verb after the audience and "will (be able to)", or an imperative.
- measurable: a verb was found and it is not on the avoid-list. A verb Toolpath does not know
  counts as measurable, with an info finding.
- compound_behavior: more than one behaviour to assess. A contiguous list of hands-on shop
  operations sharing one object ("drill, ream and tap holes to print", "set up and operate a
  drill press") is one performance task judged as one result: info `task_sequence`, not a warning.
- Condition and criterion are only checked when there is a verb; "Upon completion ..." is a time
  frame, not a condition; "safely"/"properly" are not criteria, "correctly"/"accurately" are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from authoring.outcomes import verbs as V
from authoring.outcomes.abcd import Span, find_spans, span_text
from authoring.outcomes.parse import VerbHit, behaviours, find_behaviour, normalize, tokenize

Severity = Literal["error", "warning", "info"]

NO_VERB = "no_verb"
NON_MEASURABLE_VERB = "non_measurable_verb"
COMPOUND_BEHAVIOR = "compound_behavior"
TASK_SEQUENCE = "task_sequence"
MISSING_CONDITION = "missing_condition"
MISSING_CRITERION = "missing_criterion"
UNKNOWN_VERB = "unknown_verb"
TOO_LONG = "too_long"

MAX_WORDS = 60  # one outcome, one sentence; longer usually means two outcomes or a pasted paragraph
MAX_CHARS = 5000  # bound the work on pasted documents

TEMPLATE = "Given <condition>, the student will <verb> <object> <criterion>."


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "suggestion": self.suggestion}


@dataclass(frozen=True)
class OutcomeReport:
    verb: str | None
    bloom_levels: tuple[str, ...]
    psychomotor_levels: tuple[str, ...]  # Simpson (1972), for hands-on shop verbs
    measurable: bool
    findings: tuple[Finding, ...]
    suggestions: tuple[str, ...]
    condition: str | None = None
    criterion: str | None = None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verb": self.verb,
            "bloom_levels": list(self.bloom_levels),
            "measurable": self.measurable,
            "findings": [f.to_dict() for f in self.findings],
            "suggestions": list(self.suggestions),
            "psychomotor_levels": list(self.psychomotor_levels),
            "condition": self.condition,
            "criterion": self.criterion,
        }


def check_outcome(statement: str) -> OutcomeReport:
    """Judge one outcome statement. Never raises on text; raises TypeError on a non-string."""
    if not isinstance(statement, str):
        raise TypeError(f"statement must be a str, not {type(statement).__name__}")
    text = normalize(statement)[:MAX_CHARS]
    tokens = tokenize(text)
    found = find_behaviour(text, tokens)
    if found is None:
        return _no_verb(text)

    main = found.main
    own, later = behaviours(text, tokens, main)
    stops = tuple(group[0].start for group in later)
    spans = find_spans(text, found.lead_end, main.start, own[-1].end, stops)
    condition = "; ".join(span_text(text, s) for s in spans if s.kind == "condition") or None
    criterion = "; ".join(span_text(text, s) for s in spans if s.kind == "criterion") or None

    findings: list[Finding] = []
    if main.kind == "non_measurable":
        findings.append(_non_measurable(main))
    elif main.kind == "unknown":
        findings.append(Finding(
            UNKNOWN_VERB, "info",
            f"Toolpath doesn't know the verb '{main.verb}', so it can't give a Bloom level. "
            "Check that it names something you can watch a student do."))
    findings += _compound(own, later)
    if condition is None:
        findings.append(Finding(
            MISSING_CONDITION, "warning",
            "No condition: say what the student is given or where the work happens "
            "(tools, prints, references, setting).",
            "Add a condition, e.g. 'Given a part print and a 0-1 in. micrometer, ...', "
            "'using a dial caliper' or 'in the machine shop'."))
    if criterion is None:
        vague = sorted({t.word for t in tokens if t.word in V.VAGUE_ADVERBS})
        why = f" '{vague[0]}' doesn't say how well." if vague else ""
        findings.append(Finding(
            MISSING_CRITERION, "warning",
            f"No criterion: say how well the student must do it.{why}",
            "Add a standard you can check, e.g. 'within +/-0.005 in.', 'with 90% accuracy', "
            "'to print', 'in under 10 minutes' or 'rated acceptable on the rubric'."))
    if len(tokens) > MAX_WORDS:
        findings.append(Finding(
            TOO_LONG, "info", f"This outcome is {len(tokens)} words long; one outcome reads best as one sentence.",
            "Keep one behaviour, one condition and one criterion; move the rest into the lesson plan."))

    return OutcomeReport(
        verb=main.verb,
        bloom_levels=V.BLOOM.get(main.verb, ()) if main.measurable else (),
        psychomotor_levels=V.PSYCHOMOTOR.get(main.verb, ()) if main.measurable else (),
        measurable=main.measurable,
        findings=tuple(findings),
        suggestions=_suggestions(findings, main, text, own, spans, condition, criterion),
        condition=condition,
        criterion=criterion,
    )


def _no_verb(text: str) -> OutcomeReport:
    low = text.lower()
    topic = next((noun for noun in ("knowledge", "understanding", "awareness", "appreciation") if noun in low), None)
    message = ("This reads like a topic, not something a student does."
               if text else "The outcome is empty.")
    if topic:
        message = f"'{topic.capitalize()} of ...' names a topic, not something a student does."
    finding = Finding(
        NO_VERB, "error", f"{message} An outcome needs one action verb you can observe.",
        f"Write it as: '{TEMPLATE}' with a verb such as identify, measure, explain or set up.")
    return OutcomeReport(None, (), (), False, (finding,), (finding.suggestion or "",))


def _non_measurable(main: VerbHit) -> Finding:
    base = main.verb.split()[0]
    level = V.NON_MEASURABLE.get(base) or _phrase_level(main.verb)
    options = ", ".join(V.SUGGESTED_VERBS[level][:4])
    if main.head:
        suggestion = f"Name the skill itself: 'the student will {main.head} ...'."
    else:
        suggestion = f"Use a verb you can observe at the {level.capitalize()} level, such as {options}."
    return Finding(
        NON_MEASURABLE_VERB, "error",
        f"'{main.verb}' can't be observed or measured: you can't see a student {main.verb}, "
        "only what they do to show it.",
        suggestion)


def _phrase_level(phrase: str) -> str:
    if any(w in phrase for w in ("appreciation", "interest", "enjoyment", "respect", "value", "importance",
                                  "significance", "responsible", "safe", "love")):
        return "evaluate"
    if any(w in phrase for w in ("understanding", "comprehension", "grasp", "insight")):
        return "understand"
    if any(w in phrase for w in ("taught", "shown", "trained", "capable", "confident", "comfortable")):
        return "apply"
    return "remember"  # knowledge of, aware of, familiar with, acquainted with, introduced to


def _is_shop_task(group: list[VerbHit]) -> bool:
    return len(group) > 1 and all(hit.verb in V.PSYCHOMOTOR and hit.measurable for hit in group)


def _compound(own: list[VerbHit], later: list[list[VerbHit]]) -> list[Finding]:
    if not later and _is_shop_task(own):
        names = _join([h.verb for h in own])
        return [Finding(
            TASK_SEQUENCE, "info",
            f"'{names}' are steps of one shop task judged as one result, so they count as one behaviour.",
            "If you score each operation separately, write one outcome per operation.")]
    names = [h.verb for h in own] + [h.verb for group in later for h in group]
    if len(names) < 2:
        return []
    return [Finding(
        COMPOUND_BEHAVIOR, "warning",
        f"This outcome asks for {len(names)} behaviours ({_join(names)}); one score can't show which one "
        "a student missed.",
        "Split it into one outcome per behaviour, or keep the one you will assess.")]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _suggestions(findings: list[Finding], main: VerbHit, text: str, own: list[VerbHit],
                 spans: list[Span], condition: str | None, criterion: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for f in findings:
        if f.suggestion and f.suggestion not in out:
            out.append(f.suggestion)
    codes = {f.code for f in findings}
    if codes & {NON_MEASURABLE_VERB, MISSING_CONDITION, MISSING_CRITERION}:
        out.append("Rewrite as: " + _rewrite(main, text, own, spans, condition, criterion))
    return tuple(out)


def _rewrite(main: VerbHit, text: str, own: list[VerbHit], spans: list[Span],
             condition: str | None, criterion: str | None) -> str:
    """The statement in ABCD order, keeping what it has and marking what it lacks."""
    verb = main.verb
    if not main.measurable:
        level = V.NON_MEASURABLE.get(verb.split()[0]) or _phrase_level(verb)
        verb = main.head or V.SUGGESTED_VERBS[level][0]
    later_starts = [s.start for s in spans if s.start > own[-1].end]
    obj_end = min(later_starts + [len(text)])
    obj = text[own[-1].end:obj_end].strip(" ,;:.")
    if main.head and obj.lower().startswith(f"to {main.head}"):
        obj = obj[len(main.head) + 3:].strip()
    first = condition.split("; ")[0] if condition else "Given <tools, materials or setting>"
    first = first[:1].upper() + first[1:]
    parts = [f"{first}, the student will {verb}", obj, criterion.split("; ")[0] if criterion else "<to what standard>"]
    return " ".join(p for p in parts if p) + "."
