"""Accuracy of the checker on hand-labelled outcomes.

Run as a script to print the numbers and every miss:
    .venv/bin/python -m tests.outcomes.test_outcome_labelled
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authoring.outcomes import check_outcome

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "labelled_outcomes.json"
PROPOSAL_LABELS = HERE / "proposal_labels.json"

VERB_THRESHOLD = 0.95
FINDINGS_THRESHOLD = 0.90
MEASURABLE_THRESHOLD = 0.95


@dataclass
class Score:
    total: int = 0
    verb: int = 0
    findings: int = 0
    measurable: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, hits: int) -> float:
        return hits / self.total if self.total else 0.0

    def summary(self, name: str) -> str:
        return (f"{name}: n={self.total}  verb {self.rate(self.verb):.1%}  "
                f"findings {self.rate(self.findings):.1%}  measurable {self.rate(self.measurable):.1%}")


def score(cases: list[tuple[str, dict[str, Any]]]) -> Score:
    result = Score()
    for statement, label in cases:
        report = check_outcome(statement)
        got_codes = sorted(report.codes)
        ok_verb = report.verb == label["verb"]
        ok_codes = got_codes == sorted(label["findings"])
        ok_measurable = report.measurable == label["measurable"]
        result.total += 1
        result.verb += ok_verb
        result.findings += ok_codes
        result.measurable += ok_measurable
        if not (ok_verb and ok_codes and ok_measurable):
            result.misses.append(
                f"{statement!r}\n    verb {report.verb!r} (want {label['verb']!r}), "
                f"findings {got_codes} (want {sorted(label['findings'])}), measurable {report.measurable}")
    return result


def labelled_cases() -> list[tuple[str, dict[str, Any]]]:
    return [(row["statement"], row) for row in json.loads(LABELLED.read_text(encoding="utf-8"))]


def proposal_cases(proposal_path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Held-out check: the shared proposal's outcomes, labelled by hand before the checker existed."""
    proposal = json.loads(proposal_path.read_text(encoding="utf-8"))
    labels = json.loads(PROPOSAL_LABELS.read_text(encoding="utf-8"))
    outcomes = [c["outcome"] for course in proposal["courses"] for c in course["competencies"]]
    bad = [s for course in proposal["courses"] for s in course.get("bad_outcome_examples_for_linter", [])]
    assert len(outcomes) == len(labels["outcomes"]) and len(bad) == len(labels["bad_examples"])
    return list(zip(outcomes, labels["outcomes"])) + list(zip(bad, labels["bad_examples"]))


def _assert_thresholds(result: Score, name: str) -> None:
    print("\n" + result.summary(name))
    detail = result.summary(name) + "\n" + "\n".join(result.misses)
    assert result.rate(result.verb) >= VERB_THRESHOLD, detail
    assert result.rate(result.findings) >= FINDINGS_THRESHOLD, detail
    assert result.rate(result.measurable) >= MEASURABLE_THRESHOLD, detail


def test_labelled_set_is_big_and_varied() -> None:
    cases = labelled_cases()
    assert len(cases) >= 60
    codes = {code for _, label in cases for code in label["findings"]}
    assert {"no_verb", "non_measurable_verb", "compound_behavior", "missing_condition",
            "missing_criterion", "task_sequence"} <= codes
    assert len({s for s, _ in cases}) == len(cases), "duplicate statements"


def test_accuracy_on_labelled_set() -> None:
    _assert_thresholds(score(labelled_cases()), "labelled set")


def test_accuracy_on_shared_proposal(shared_dir: Path) -> None:
    from tests.fixtures.shared import require_shared

    path = require_shared("reference", "sample_courses_proposal.json")
    result = score(proposal_cases(path))
    print("\n" + result.summary("shared proposal (held out)"))
    # Held-out text: verbs and measurability must hold up; finding sets get a looser bar.
    detail = "\n".join(result.misses)
    assert result.rate(result.verb) >= VERB_THRESHOLD, detail
    assert result.rate(result.measurable) == 1.0, detail
    assert result.rate(result.findings) >= 0.75, detail


def main() -> None:
    result = score(labelled_cases())
    print(result.summary("labelled set"))
    from tests.fixtures.shared import SHARED

    proposal = SHARED / "reference" / "sample_courses_proposal.json"
    held_out = score(proposal_cases(proposal)) if proposal.exists() else None
    if held_out:
        print(held_out.summary("shared proposal (held out)"))
    for name, r in (("labelled set", result), ("shared proposal", held_out)):
        if r and r.misses:
            print(f"\nmisses ({name}):")
            print("\n".join(r.misses))


if __name__ == "__main__":
    main()
