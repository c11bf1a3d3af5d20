"""Alignment suggestions: BM25 over the program's target frameworks, explained by matched terms."""
from __future__ import annotations

from authoring.suggestions import services as suggestions
from authoring.suggestions.evaluation import evaluate
from authoring.suggestions.ranking import Document, Ranker, tokenize
from tests.authoring.factories import make_unit


def test_tokenize_stems_and_drops_outcome_scaffolding():
    assert tokenize("Given a print, the student will measure parts with 100% accuracy") == ["print", "measur", "part"]


def test_ranker_explains_its_hits():
    ranker = Ranker([
        Document(1, "Measure part features with micrometers and calipers"),
        Document(2, "Apply lockout/tagout before servicing equipment"),
        Document(3, "Interpret prints", context="Blueprint reading and measuring"),
    ])
    hits = ranker.rank("the student will measure a shaft with a micrometer")
    assert [h.key for h in hits] == [1, 3]
    assert hits[0].matched == ["measure", "micrometers"]
    assert ranker.rank("the student will measure", exclude=[1])[0].key == 3
    assert ranker.rank("") == [] and Ranker([]).rank("measure") == []


def test_suggest_leaves_out_aligned_and_dismissed_items(db_session, org, people, now):
    unit = make_unit(db_session, org, outcomes=1, alignments=1)
    outcome = unit.outcomes[0]   # "... measure part dimensions with micrometers ...", aligned to S.01 already
    found = suggestions.suggest(db_session, org, outcome)
    assert found and outcome.alignments[0].item_id not in {s.item.id for s in found}
    suggestions.dismiss(db_session, people["author"], now, outcome, found[0].item)
    assert found[0].item.id not in {s.item.id for s in suggestions.suggest(db_session, org, outcome)}
    suggestions.dismiss(db_session, people["author"], now, outcome, found[0].item)   # twice is fine
    search = suggestions.search_items(db_session, org, outcome, "lathe turning")
    assert search[0].item.statement.startswith("Select cutting speeds")


def test_quality_against_the_sample_courses(db_session, demo_org):
    """The sample writers' alignments are the answer key (reported in the note)."""
    result = evaluate(db_session, demo_org, k=5)
    print("suggestion quality on the sample courses:", result.to_dict())
    assert result.outcomes >= 20
    assert result.hit_at_k >= 0.8 and result.mrr >= 0.6
