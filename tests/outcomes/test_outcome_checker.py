"""Unit tests for the outcome checker: each finding, each phrasing, and edge cases."""
from __future__ import annotations

import dataclasses
import json
import time

import pytest

from authoring.outcomes import Finding, OutcomeReport, check_outcome
from authoring.outcomes.verbs import BLOOM, BLOOM_LEVELS, NON_MEASURABLE, PSYCHOMOTOR, SUGGESTED_VERBS

CLEAN = "Given a part print and a 0-1 in. micrometer, the student will measure three diameters within +/-0.001 in."


def codes(statement: str) -> set[str]:
    return set(check_outcome(statement).codes)


# --- the report --------------------------------------------------------------------------------

def test_clean_outcome_has_no_findings() -> None:
    report = check_outcome(CLEAN)
    assert report.verb == "measure"
    assert report.bloom_levels == ("apply",)
    assert report.psychomotor_levels == ("mechanism", "complex overt response")
    assert report.measurable is True
    assert report.findings == ()
    assert report.suggestions == ()
    assert report.condition == "Given a part print and a 0-1 in. micrometer"
    assert report.criterion == "within +/-0.001 in."


def test_to_dict_has_exactly_the_agreed_keys_and_is_json() -> None:
    data = check_outcome("Students will understand lockout/tagout.").to_dict()
    assert set(data) == {"verb", "bloom_levels", "measurable", "findings", "suggestions",
                         "psychomotor_levels", "condition", "criterion"}
    assert all(set(f) == {"code", "severity", "message", "suggestion"} for f in data["findings"])
    assert json.loads(json.dumps(data)) == data


def test_report_and_finding_are_frozen() -> None:
    report = check_outcome(CLEAN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.verb = "cut"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Finding("x", "info", "m").code = "y"  # type: ignore[misc]
    assert isinstance(report, OutcomeReport)


def test_every_finding_has_a_known_severity_and_a_message() -> None:
    for statement in ("", "Students will understand and appreciate lathes.", "Students will juggle parts."):
        for finding in check_outcome(statement).findings:
            assert finding.severity in ("error", "warning", "info")
            assert finding.message


def test_verb_may_have_several_bloom_levels() -> None:
    assert check_outcome("Given two prints, the student will compare the title blocks without error.").bloom_levels == (
        "understand", "analyze")
    assert check_outcome("Given a chart, students will select a drill size correctly.").bloom_levels == (
        "remember", "evaluate")


def test_cognitive_verb_has_no_psychomotor_level() -> None:
    assert check_outcome("Given a print, the student will explain the title block with 90% accuracy.").psychomotor_levels == ()


# --- phrasings: finding the verb ---------------------------------------------------------------

@pytest.mark.parametrize(("statement", "verb"), [
    ("Given a print, the student will identify the views correctly.", "identify"),
    ("Students will be able to identify the views on a print correctly.", "identify"),
    ("SWBAT identify the views on a print correctly.", "identify"),
    ("TSWBAT identify the views on a print correctly.", "identify"),
    ("The learner will identify the views on a print correctly.", "identify"),
    ("Upon completion, students will identify the views on a print correctly.", "identify"),
    ("Using a micrometer, the student will measure a shaft within 0.001 in.", "measure"),
    ("Measure a shaft with a micrometer within 0.001 in.", "measure"),
    ("Be able to measure a shaft with a micrometer within 0.001 in.", "measure"),
    ("The student will accurately measure a shaft with a micrometer.", "measure"),
    ("The student will be able to quickly and accurately measure a shaft with a micrometer.", "measure"),
    ("The student measures a shaft with a micrometer within 0.001 in.", "measure"),
    ("Measures shafts with a micrometer within 0.001 in.", "measure"),
    ("Students are able to measure a shaft with a micrometer within 0.001 in.", "measure"),
    ("Students will be capable of measuring a shaft with a micrometer within 0.001 in.", "measure"),
    ("Students will demonstrate the ability to measure a shaft within 0.001 in.", "measure"),
    ("Given a print, set up a vise on the mill within 0.001 in.", "set up"),
    ("Given a print, the apprentice sets up a vise on the mill within 0.001 in.", "set up"),
    ("Given a print, the student will lay out a bolt circle within 0.005 in.", "lay out"),
    ("Students will be able to MIG weld a lap joint to AWS D1.1.", "weld"),
    ("Given a print, the student will analyse the tolerance stack correctly.", "analyze"),
    ("Given a print, the student will organise the job plan correctly.", "organize"),
])
def test_verb_is_found_in_common_phrasings(statement: str, verb: str) -> None:
    assert check_outcome(statement).verb == verb


def test_verb_after_a_long_condition() -> None:
    condition = ", ".join(f"a {n} in. gage block" for n in range(1, 15))
    report = check_outcome(f"Given {condition}, the student will calibrate a micrometer within 0.0001 in.")
    assert report.verb == "calibrate"
    assert report.codes == {"too_long"}  # 14 gage blocks is a long outcome, but nothing is missing


def test_unknown_verb_after_will_is_kept_with_an_info_finding() -> None:
    report = check_outcome("Given a print, the student will juggle three parts without error.")
    assert report.verb == "juggle"
    assert report.measurable is True
    assert report.bloom_levels == ()
    assert report.codes == {"unknown_verb"}
    assert report.findings[0].severity == "info"


# --- non_measurable_verb -----------------------------------------------------------------------

@pytest.mark.parametrize(("statement", "verb"), [
    ("Students will understand lockout/tagout.", "understand"),
    ("Students will know the eight wastes.", "know"),
    ("Students will learn the parts of a lathe.", "learn"),
    ("Students will appreciate the importance of 5S.", "appreciate"),
    ("Students will comprehend GD&T.", "comprehend"),
    ("Students will realize that scrap is costly.", "realize"),
    ("Students will believe in quality.", "believe"),
    ("Students will be aware of PPE requirements.", "be aware of"),
    ("Students will be familiar with GD&T symbols.", "be familiar with"),
    ("Students will become familiar with GD&T symbols.", "become familiar with"),
    ("Students will become acquainted with the shop.", "become acquainted with"),
    ("Students will gain knowledge of OSHA rules.", "gain knowledge of"),
    ("Students will gain a basic knowledge of OSHA rules.", "gain knowledge of"),
    ("Students will demonstrate an understanding of OSHA rules.", "demonstrate understanding of"),
    ("Students will develop an appreciation for precision.", "develop appreciation for"),
    ("Students will grasp the significance of inspection.", "grasp"),
    ("Students will recognize the importance of PPE.", "recognize the importance of"),
    ("Students will be introduced to CNC programming.", "be introduced to"),
    ("Students will be taught lockout/tagout.", "be taught"),
    ("Students will get to know the shop layout.", "get to know"),
    ("Understand the parts of a micrometer.", "understand"),
    ("The student understands the parts of a micrometer.", "understand"),
])
def test_non_measurable_verbs_and_phrases(statement: str, verb: str) -> None:
    report = check_outcome(statement)
    assert report.verb == verb
    assert report.measurable is False
    assert "non_measurable_verb" in report.codes
    finding = next(f for f in report.findings if f.code == "non_measurable_verb")
    assert finding.severity == "error" and finding.suggestion


def test_non_measurable_suggestion_offers_verbs_at_the_intended_level() -> None:
    finding = check_outcome("Students will understand lockout/tagout.").findings[0]
    assert finding.suggestion is not None
    assert all(verb in finding.suggestion for verb in SUGGESTED_VERBS["understand"][:3])
    know = check_outcome("Students will know the eight wastes.").findings[0]
    assert "identify" in (know.suggestion or "")


def test_learn_to_x_suggests_the_skill_itself() -> None:
    report = check_outcome("Students will learn to measure with a micrometer.")
    assert "measure" in (report.findings[0].suggestion or "")
    assert any(s.startswith("Rewrite as:") and "will measure" in s for s in report.suggestions)


def test_be_capable_of_without_a_gerund_is_vague() -> None:
    report = check_outcome("Students will be capable of safe shop practice.")
    assert (report.verb, report.measurable) == ("be capable of", False)


# --- no_verb -----------------------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "", "   ", "\n\t", "Lathe safety.", "Knowledge of blueprint symbols.", "Students will be able to:",
    "...!?", "1234", "Drill press safety.", "Tap and die selection.",
])
def test_no_verb(statement: str) -> None:
    report = check_outcome(statement)
    assert report.verb is None
    assert report.measurable is False
    assert report.codes == {"no_verb"}
    assert report.findings[0].severity == "error"
    assert report.suggestions and "Given <condition>" in report.suggestions[0]


def test_topic_phrased_as_knowledge_says_so() -> None:
    assert "Knowledge of" in check_outcome("Knowledge of blueprint symbols.").findings[0].message


# --- compound_behavior and task_sequence -------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "Given a micrometer, the student will identify and explain each part correctly.",
    "Given a micrometer, the student will measure the part and record the readings correctly.",
    "Given a micrometer, the student will identify, label and explain each part correctly.",
    "Given a micrometer, the student will identify and/or explain each part correctly.",
    "Given a micrometer, the student will measure the shaft within 0.001 in. and then record it.",
    "SWBAT: identify hazards on a shop floor correctly; explain each control.",
    "Given a print, the student will measure the part within 0.001 in. Record the result on a log.",
])
def test_compound_behavior(statement: str) -> None:
    report = check_outcome(statement)
    assert "compound_behavior" in report.codes
    finding = next(f for f in report.findings if f.code == "compound_behavior")
    assert finding.severity == "warning" and finding.suggestion


@pytest.mark.parametrize("statement", [
    "Given a print, the student will drill, ream and tap four holes to print.",
    "Given a print, the student will set up and operate a drill press to print.",
    "Given a turning print, the student will face, centre-drill and turn a shaft within 0.002 in.",
])
def test_shop_operations_on_one_object_are_one_task(statement: str) -> None:
    report = check_outcome(statement)
    assert report.codes == {"task_sequence"}
    assert report.findings[0].severity == "info"


@pytest.mark.parametrize("statement", [
    "Given a chart, the student will select the correct tap drill and tap size correctly.",
    "Given a print, the student will identify the drill press and its guards correctly.",
    "Given a print, the student will set amperage and wire feed speed within the WPS range.",
    "Given a print, the student will identify damaged cords and missing guards correctly.",
    "Given a print, the student will use a micrometer to measure the shaft within 0.001 in.",
])
def test_nouns_that_look_like_verbs_are_not_a_second_behaviour(statement: str) -> None:
    assert check_outcome(statement).findings == ()


def test_a_shop_list_with_a_separate_behaviour_is_compound() -> None:
    report = check_outcome(
        "Using a height gage, the student will lay out hole centres within 0.010 in. and drill, ream and tap them to print.")
    assert report.codes == {"compound_behavior"}
    assert "lay out, drill, ream and tap" in report.findings[0].message


# --- missing_condition / missing_criterion -----------------------------------------------------

@pytest.mark.parametrize(("statement", "condition"), [
    ("Given a print, the student will identify the views correctly.", "Given a print"),
    ("Using a caliper, the student will measure the block within 0.002 in.", "Using a caliper"),
    ("The student will measure the block with a caliper within 0.002 in.", "with a caliper"),
    ("In a shop setting, the student will identify each guard correctly.", "In a shop setting"),
    ("The student will face a part on a lathe to print.", "on a lathe"),
    ("The student will set up a vise at a workstation to print.", "at a workstation"),
    ("During a shop walk-through, the student will identify five hazards correctly.", "During a shop walk-through"),
    ("Without notes, the student will list the steps of lockout in the correct order.", "Without notes"),
    ("The student will sketch the part from a print with 90% accuracy.", "from a print"),
    ("Working in pairs, students will inspect a forklift following the checklist.", "Working in pairs"),
    ("After completing the unit and given a print, the student will identify the views correctly.", "given a print"),
    ("With instructor supervision, the student will identify each guard correctly.", "With instructor supervision"),
])
def test_condition_is_found(statement: str, condition: str) -> None:
    report = check_outcome(statement)
    assert report.condition == condition
    assert "missing_condition" not in report.codes


@pytest.mark.parametrize("statement", [
    "Upon completion of this unit, the student will identify the views correctly.",
    "By the end of the course, the student will identify the views correctly.",
    "The student will use a height gage to scribe lines within 0.005 in.",
])
def test_time_frames_and_tools_in_the_behaviour_are_not_conditions(statement: str) -> None:
    assert check_outcome(statement).codes == {"missing_condition"}


@pytest.mark.parametrize(("statement", "criterion"), [
    ("Given a print, the student will measure the bore within +/-0.001 in.", "within +/-0.001 in."),
    ("Given a print, the student will identify the views with 90% accuracy.", "with 90% accuracy"),
    ("Given a print, the student will turn the shaft to print.", "to print"),
    ("Given a print, the student will list the views without error.", "without error"),
    ("Given a print, the student will weld the joint according to the WPS.", "according to the WPS"),
    ("Given a print, the student will write a job plan rated acceptable on the rubric.", "rated acceptable on the rubric"),
    ("Given a print, the student will set up the vise in under 10 minutes.", "in under 10 minutes"),
    ("Given a print, the student will identify all 12 views.", "all 12 views"),
    ("Given a print, the student will correctly identify the views.", "correctly"),
    ("Given a print, the student will identify the views, scoring at least 80% on the quiz.", "scoring at least 80% on the quiz"),
    ("Given a print, the student will list the steps in the correct order.", "in the correct order"),
    ("Given a print, the student will weld a coupon that passes a bend test.", "passes a bend test"),
    ("Given a print, the student will measure the bore \u00b1 0.02 mm.", "\u00b1 0.02 mm"),
])
def test_criterion_is_found(statement: str, criterion: str) -> None:
    report = check_outcome(statement)
    assert report.criterion == criterion
    assert report.findings == ()


def test_vague_adverb_is_not_a_criterion_and_the_message_says_why() -> None:
    report = check_outcome("Given a bench grinder, students will safely operate the grinder.")
    assert report.codes == {"missing_criterion"}
    finding = next(f for f in report.findings if f.code == "missing_criterion")
    assert "'safely'" in finding.message and finding.severity == "warning"


def test_criterion_can_lead_the_statement() -> None:
    report = check_outcome("Within 10 minutes, the student will locate the PPE section of an SDS using the index.")
    assert report.criterion == "Within 10 minutes" and report.findings == ()


def test_accuracy_as_a_topic_is_not_a_criterion() -> None:
    assert "missing_criterion" in codes("Given a print, students will explain the difference between accuracy and precision.")


def test_missing_parts_get_an_abcd_rewrite() -> None:
    report = check_outcome("The student will measure three diameters.")
    assert report.codes == {"missing_condition", "missing_criterion"}
    assert ("Rewrite as: Given <tools, materials or setting>, the student will measure three diameters "
            "<to what standard>.") in report.suggestions


# --- edge cases --------------------------------------------------------------------------------

def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        check_outcome(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check_outcome(b"Measure the part.")  # type: ignore[arg-type]


def test_unicode_quotes_dashes_and_spaces() -> None:
    report = check_outcome("Given a print\u00a0\u2014 the student\u2019s own \u2014, the student will "
                           "measure bore \u00d825\u202fmm within \u00b10.02\u00a0mm.")
    assert report.verb == "measure" and report.findings == ()
    assert check_outcome("\ufeffStudents will\u200b understand lathes.").verb == "understand"
    assert check_outcome("L'\u00e9l\u00e8ve will mesurer la pi\u00e8ce.").verb == "mesurer"  # unknown, kept


def test_shouting_and_punctuation() -> None:
    report = check_outcome("GIVEN A PRINT, THE STUDENT WILL MEASURE THE BORE WITHIN 0.001 IN.!!!")
    assert report.verb == "measure" and report.findings == ()
    assert check_outcome("students will -- measure ... the bore?? using a gage; within 0.001 in").verb == "measure"


def test_very_long_input_is_fast_and_flagged() -> None:
    long = CLEAN[:-1] + " " + " ".join(["and the part is a steel shaft"] * 2000) + "."
    started = time.perf_counter()
    report = check_outcome(long)
    assert time.perf_counter() - started < 2.0
    assert report.verb == "measure"
    assert "too_long" in report.codes
    assert check_outcome("x" * 100_000).codes == {"no_verb"}


def test_many_commas_do_not_blow_up() -> None:
    started = time.perf_counter()
    check_outcome(", ".join(["a part"] * 3000))
    check_outcome("Given " + ", ".join(["a part"] * 1000) + ", measure it.")
    assert time.perf_counter() - started < 2.0


# --- the verb data -----------------------------------------------------------------------------

def test_verb_data_is_consistent() -> None:
    assert all(levels and set(levels) <= set(BLOOM_LEVELS) for levels in BLOOM.values())
    assert all(list(levels) == sorted(levels, key=BLOOM_LEVELS.index) for levels in BLOOM.values())
    assert set(PSYCHOMOTOR) <= set(BLOOM), set(PSYCHOMOTOR) - set(BLOOM)
    assert not set(NON_MEASURABLE) & set(BLOOM)
    assert set(NON_MEASURABLE.values()) <= set(BLOOM_LEVELS)
    assert all(verb in BLOOM for verbs in SUGGESTED_VERBS.values() for verb in verbs)


def test_shared_bloom_reference_is_covered(shared_dir) -> None:
    """Every verb in ../shared/reference/bloom_verbs.json sits at its level; every avoid-listed
    verb and phrase is flagged (phrases in the frame a teacher would write them in)."""
    from tests.fixtures.shared import require_shared

    reference = json.loads(require_shared("reference", "bloom_verbs.json").read_text(encoding="utf-8"))
    for level, data in reference["cognitive"].items():
        for verb in data["common_verbs"]:
            report = check_outcome(f"Given a print, the student will {verb} the parts correctly.")
            assert (report.verb, level in report.bloom_levels) == (verb, True), (level, verb)
    for verb in reference["non_measurable"]["verbs"]:
        report = check_outcome(f"Students will {verb} shop safety.")
        assert (report.verb, report.measurable) == (verb, False), verb
    for phrase in reference["non_measurable"]["phrases"]:
        frames = (f"Students will {phrase} shop safety.", f"Students will have {phrase} shop safety.",
                  f"Students will be {phrase} shop safety.")
        assert any(not check_outcome(s).measurable for s in frames), phrase
