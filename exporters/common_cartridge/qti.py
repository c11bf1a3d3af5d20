"""QTI 1.2 in the Common Cartridge profile: write Toolpath assessments, read CC and Canvas quizzes.

Written documents keep to the CC profile: cc.exam.v0p1 on the assessment, one section, an item
profile per item, a SCORE decvar (0-100), and material made only of mattext (HTML in
texttype="text/html"). Reading also accepts Canvas's richer non_cc_assessments/*.qti (question_type
metadata, points, question groups) and plain QTI 1.2, guessing the type from the response shape.
"""
from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Sequence

from lxml import etree

from ..model import AssessmentDoc, ChoiceDoc, ItemDoc, ItemType
from .namespaces import Profile

PROFILE_BY_TYPE = {
    ItemType.multiple_choice: "cc.multiple_choice.v0p1",
    ItemType.multiple_response: "cc.multiple_response.v0p1",
    ItemType.true_false: "cc.true_false.v0p1",
    ItemType.fill_in_blank: "cc.fib.v0p1",
    ItemType.essay: "cc.essay.v0p1",
}
TYPE_BY_PROFILE = {v: k for k, v in PROFILE_BY_TYPE.items()}
# Canvas's own question types (non_cc_assessments); the rest are reported as unsupported.
TYPE_BY_CANVAS = {
    "multiple_choice_question": ItemType.multiple_choice,
    "true_false_question": ItemType.true_false,
    "multiple_answers_question": ItemType.multiple_response,
    "short_answer_question": ItemType.fill_in_blank,
    "essay_question": ItemType.essay,
}
OUTCOMES_FIELD = "toolpath_outcome_codes"  # unknown qtimetadata fields are ignored by LMSs
RESPONSE = "response1"
GENERAL_FEEDBACK = "general_fb"


# ---------------------------------------------------------------------------------------- write

def _fields(q, pairs: Sequence[tuple[str, str]]) -> etree._Element:
    return q.qtimetadata(*(q.qtimetadatafield(q.fieldlabel(k), q.fieldentry(v)) for k, v in pairs))


def _html(q, text: str) -> etree._Element:
    return q.material(q.mattext(text, texttype="text/html"))


def _plain(q, text: str) -> etree._Element:
    return q.material(q.mattext(text, texttype="text/plain"))


def _score(q, condition: etree._Element) -> etree._Element:
    return q.respcondition(q.conditionvar(*condition), q.setvar("100", varname="SCORE", action="Set"),
                           **{"continue": "No"})


def _choice_labels(q, choices: Sequence[ChoiceDoc]) -> list[etree._Element]:
    return [q.response_label(_plain(q, c.text), ident=c.id) for c in choices]


def _item(item: ItemDoc, ident: str, number: int, q) -> etree._Element:
    meta = [("cc_profile", PROFILE_BY_TYPE[item.item_type]), ("cc_weighting", _num(item.points))]
    if item.item_type is ItemType.essay:
        meta.append(("qmd_computerscored", "No"))
    if item.outcome_codes:
        meta.append((OUTCOMES_FIELD, " ".join(item.outcome_codes)))

    t = item.item_type
    if t in (ItemType.multiple_choice, ItemType.multiple_response):
        card = "Single" if t is ItemType.multiple_choice else "Multiple"
        response = q.response_lid(q.render_choice(*_choice_labels(q, item.choices)), ident=RESPONSE, rcardinality=card)
        if t is ItemType.multiple_choice:
            correct = next(c for c in item.choices if c.correct)
            scoring = [_score(q, [q.varequal(correct.id, respident=RESPONSE)])]
        else:
            parts = [q.varequal(c.id, respident=RESPONSE) if c.correct
                     else q("not", q.varequal(c.id, respident=RESPONSE)) for c in item.choices]
            scoring = [_score(q, [q("and", *parts)])]
    elif t is ItemType.true_false:
        labels = [ChoiceDoc("true", "True"), ChoiceDoc("false", "False")]
        response = q.response_lid(q.render_choice(*_choice_labels(q, labels)), ident=RESPONSE, rcardinality="Single")
        scoring = [_score(q, [q.varequal("true" if item.tf_answer else "false", respident=RESPONSE)])]
    elif t is ItemType.fill_in_blank:
        response = q.response_str(q.render_fib(q.response_label(ident="answer1", rshuffle="No")),
                                  ident=RESPONSE, rcardinality="Single")
        case = "Yes" if item.case_sensitive else "No"
        # Alternatives are sibling varequals inside one conditionvar (the CC profile has no <or>).
        scoring = [_score(q, [q.varequal(a, respident=RESPONSE, case=case) for a in item.accepted])]
    else:  # essay: scored by the teacher
        response = q.response_str(q.render_fib(q.response_label(ident="answer1", rshuffle="No")),
                                  ident=RESPONSE, rcardinality="Single")
        scoring = [q.respcondition(q.conditionvar(q.other()), **{"continue": "No"})]

    feedback_rule, feedback = [], []
    if item.feedback:
        feedback_rule = [q.respcondition(q.conditionvar(q.other()),
                                         q.displayfeedback(feedbacktype="Response", linkrefid=GENERAL_FEEDBACK),
                                         **{"continue": "Yes"})]
        feedback = [q.itemfeedback(q.flow_mat(_html(q, item.feedback)), ident=GENERAL_FEEDBACK)]
    return q.item(
        q.itemmetadata(_fields(q, meta)),
        q.presentation(_html(q, item.prompt), response),
        q.resprocessing(
            q.outcomes(q.decvar(varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")),
            *feedback_rule, *scoring,
        ),
        *feedback,
        ident=ident, title=f"Question {number}",
    )


def validate_item(item: ItemDoc) -> str | None:
    """Why `item` cannot be written in the CC profile, or None."""
    t = item.item_type
    if t in (ItemType.multiple_choice, ItemType.multiple_response):
        if len(item.choices) < 2:
            return "needs at least two choices"
        n_correct = sum(c.correct for c in item.choices)
        if t is ItemType.multiple_choice and n_correct != 1:
            return f"a multiple-choice item needs exactly one correct choice (it has {n_correct})"
        if t is ItemType.multiple_response and n_correct < 1:
            return "needs at least one correct choice"
        if len({c.id for c in item.choices}) != len(item.choices):
            return "two choices share an id"
    if t is ItemType.true_false and item.tf_answer is None:
        return "has no true/false answer"
    if t is ItemType.fill_in_blank and not item.accepted:
        return "has no accepted answer"
    return None


def build_assessment(a: AssessmentDoc, ident: str, item_idents: Sequence[str], p: Profile) -> etree._Element:
    q = p.E["qti"]
    instructions = ([q.presentation_material(q.flow_mat(_html(q, a.instructions)))] if a.instructions else [])
    return q.questestinterop(q.assessment(
        _fields(q, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                    ("qmd_scoretype", "Percentage")]),
        *instructions,
        q.section(*(_item(item, iid, n, q) for n, (item, iid) in enumerate(zip(a.items, item_idents), 1)),
                  ident=f"{ident}_section"),
        ident=ident, title=a.title,
    ))


def _num(value: Decimal) -> str:
    """Points without trailing zeros ('1', '2.5'), never exponent notation."""
    return format(value.normalize(), "f")


# ----------------------------------------------------------------------------------------- read

@dataclass
class ParsedQti:
    title: str = ""
    instructions: str = ""
    is_bank: bool = False
    items: list[ItemDoc] = field(default_factory=list)
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # (question label, why)
    notes: list[str] = field(default_factory=list)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _meta(el: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in el.iterfind("{*}itemmetadata/{*}qtimetadata/{*}qtimetadatafield"):
        out.setdefault((f.findtext("{*}fieldlabel") or "").strip(), (f.findtext("{*}fieldentry") or "").strip())
    return out


def material_html(material: etree._Element | None) -> str:
    """A material element as HTML: text/html mattext as is, plain text escaped, matbreak as <br/>."""
    if material is None:
        return ""
    parts = []
    for child in material:
        name = _local(child)
        if name == "mattext":
            text = child.text or ""
            parts.append(text if "html" in (child.get("texttype") or "") else htmllib.escape(text))
        elif name == "matbreak":
            parts.append("<br/>")
    return "".join(parts).strip()


def _plain_text(material: etree._Element | None) -> str:
    if material is None:
        return ""
    return "".join(t.text or "" for t in material.iterfind("{*}mattext")).strip()


def _decimal(text: str, default: Decimal = Decimal(1)) -> Decimal:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return default
    return value if value.is_finite() and value >= 0 else default


def _scoring_conditions(item: etree._Element) -> list[etree._Element]:
    """conditionvars of respconditions that award points (setvar Set/Add with a positive value)."""
    out = []
    for rc in item.iterfind("{*}resprocessing/{*}respcondition"):
        for sv in rc.iterfind("{*}setvar"):
            if (sv.get("action") or "Set") in ("Set", "Add") and _decimal((sv.text or "").strip(), Decimal(0)) > 0:
                cv = rc.find("{*}conditionvar")
                if cv is not None:
                    out.append(cv)
                break
    return out


def _general_feedback(item: etree._Element) -> str:
    fb = item.find(f"{{*}}itemfeedback[@ident='{GENERAL_FEEDBACK}']")
    if fb is None:
        return ""
    return material_html(fb.find(".//{*}material"))


def _guess_type(item: etree._Element) -> ItemType | None:
    lid = item.find("{*}presentation//{*}response_lid")
    if lid is not None:
        labels = [_plain_text(lbl.find("{*}material")).lower() for lbl in lid.iterfind(".//{*}response_label")]
        if sorted(labels) == ["false", "true"]:
            return ItemType.true_false
        return ItemType.multiple_response if lid.get("rcardinality") == "Multiple" else ItemType.multiple_choice
    if item.find("{*}presentation//{*}response_str") is not None:
        return ItemType.fill_in_blank if _scoring_conditions(item) else ItemType.essay
    return None


def _item_type(item: etree._Element, meta: dict[str, str]) -> tuple[ItemType | None, str]:
    """(type, name shown in the report when unsupported)."""
    if "cc_profile" in meta:
        return TYPE_BY_PROFILE.get(meta["cc_profile"]), meta["cc_profile"]
    if "question_type" in meta:
        return TYPE_BY_CANVAS.get(meta["question_type"]), meta["question_type"].replace("_", " ")
    guessed = _guess_type(item)
    return guessed, "unrecognised question"


def parse_item(item: etree._Element) -> ItemDoc | str:
    """An ItemDoc, or the reason the question cannot be imported."""
    meta = _meta(item)
    itype, type_name = _item_type(item, meta)
    if itype is None:
        return f"its type ({type_name}) is not one Toolpath supports"
    presentation = item.find("{*}presentation")
    prompt = material_html(presentation.find("{*}material")) if presentation is not None else ""
    points = _decimal(meta.get("cc_weighting") or meta.get("points_possible") or "1")
    common = dict(
        identifier=item.get("ident", ""), item_type=itype, prompt=prompt, feedback=_general_feedback(item),
        points=points, outcome_codes=tuple(meta.get(OUTCOMES_FIELD, "").split()),
    )
    conditions = _scoring_conditions(item)

    if itype in (ItemType.multiple_choice, ItemType.multiple_response, ItemType.true_false):
        labels = item.findall("{*}presentation//{*}response_lid//{*}response_label")
        correct: set[str] = set()
        for cv in conditions:
            for node in cv.iter("{*}varequal"):
                if not any(_local(a) == "not" for a in node.iterancestors()):
                    correct.add((node.text or "").strip())
        if itype is ItemType.true_false:
            texts = {lbl.get("ident"): _plain_text(lbl.find("{*}material")).lower() for lbl in labels}
            right = [texts.get(i) for i in correct if i in texts]
            if len(right) != 1 or right[0] not in ("true", "false"):
                return "a true/false question without a single true or false answer"
            return ItemDoc(**common, tf_answer=right[0] == "true")
        choices = tuple(ChoiceDoc(id=lbl.get("ident", ""), text=_plain_text(lbl.find("{*}material")),
                                  correct=lbl.get("ident") in correct) for lbl in labels)
        n_correct = sum(c.correct for c in choices)
        if len(choices) < 2 or n_correct == 0:
            return "a choice question without choices or without a correct answer"
        if itype is ItemType.multiple_choice and n_correct > 1:
            itype = ItemType.multiple_response
            common["item_type"] = itype
        return ItemDoc(**common, choices=choices)

    if itype is ItemType.fill_in_blank:
        if any(True for cv in conditions for _ in cv.iter("{*}varsubstring")):
            return "pattern-match (substring) answers are not supported"
        accepted, case_sensitive = [], False
        for cv in conditions:
            for node in cv.iter("{*}varequal"):
                if (node.text or "").strip():
                    accepted.append(node.text.strip())
                    case_sensitive = case_sensitive or node.get("case") == "Yes"
        if not accepted:
            return "a fill-in-the-blank question without an accepted answer"
        return ItemDoc(**common, accepted=tuple(dict.fromkeys(accepted)), case_sensitive=case_sensitive)

    return ItemDoc(**common)


def _label(item: etree._Element, n: int) -> str:
    title = (item.get("title") or "").strip()
    return f"question {n}" + (f" ('{title}')" if title and title.lower() != "question" else "")


def parse_qti(root: etree._Element) -> ParsedQti:
    """Read a questestinterop document (an assessment or a question bank)."""
    out = ParsedQti()
    container = root.find("{*}assessment")
    if container is None:
        bank = root.find("{*}objectbank")
        out.is_bank = True
        if bank is not None:
            titles = [f.findtext("{*}fieldentry") for f in bank.iterfind("{*}qtimetadata/{*}qtimetadatafield")
                      if f.findtext("{*}fieldlabel") == "bank_title"]
            out.title = (titles[0] if titles else "") or bank.get("ident", "")
        return out
    out.title = container.get("title", "")
    for pm in container.iterfind("{*}presentation_material"):
        out.instructions = material_html(pm.find(".//{*}material"))
    if not out.instructions:
        out.instructions = material_html(container.find("{*}rubric/{*}material"))

    for section in container.iter("{*}section"):
        if section.getparent() is not container and section.find("{*}selection_ordering") is not None:
            number = section.findtext(".//{*}selection_number")
            count = len(section.findall("{*}item"))
            out.notes.append(
                f"question group '{section.get('title') or section.get('ident')}' picks {number or 'some'} of "
                f"{count} questions at random; all {count} were imported as ordinary questions")
    for n, item in enumerate(container.iter("{*}item"), 1):
        parsed = parse_item(item)
        if isinstance(parsed, str):
            out.unsupported.append((_label(item, n), parsed))
        else:
            out.items.append(parsed)
    return out
