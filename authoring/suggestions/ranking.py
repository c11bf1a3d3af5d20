"""BM25 ranking of framework items against an outcome, with the matched terms that explain each hit.

Pure: no database. bm25s does the scoring (Lucene's BM25 variant); we do the tokenising (Snowball
stems via PyStemmer, English stop words plus the words every outcome statement shares) so that the
terms we show as "why" are the terms that were scored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import bm25s
import numpy as np
import Stemmer

_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# Function words, and the ABCD scaffolding every outcome carries ("given ..., the student will ...
# with 100% accuracy"), which says nothing about the subject.
STOP_WORDS = frozenset("""
a about above after again all also an and any are as at be been before being below between both but by can could
did do does doing down during each either etc for from further had has have having he her here how i if in into is
it its itself may more most must no nor not of off on once only or other our out over own per same she should so
some such than that the their them then there these they this those through to too under until up upon us use used
using very via was we were what when where which while who whom why will with within without would you your
student students learner learners given able swbat correctly accurately accuracy least percent minimum minimal
without error errors according appropriate appropriately demonstrate demonstrates including include includes
""".split())


def tokenize(text: str) -> list[str]:
    return _stemmer.stemWords([w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and not w.isdigit()])


def surface_terms(text: str, stems: set[str]) -> list[str]:
    """The words of `text` whose stems are in `stems`, first occurrence of each, in reading order."""
    seen: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if word in STOP_WORDS:
            continue
        stem = _stemmer.stemWord(word)
        if stem in stems and stem not in seen:
            seen[stem] = word
    return list(seen.values())


@dataclass(frozen=True)
class Document:
    """One candidate item: its id, the text shown, and the text scored (statement plus context)."""

    key: int
    text: str
    context: str = ""


@dataclass
class Hit:
    key: int
    score: float
    matched: list[str] = field(default_factory=list)


class Ranker:
    """An index over a fixed set of documents; build once, query many times."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self._tokens = [tokenize(f"{d.text} {d.context}") for d in self.documents]
        self._bm25 = bm25s.BM25()
        if self.documents:
            # bm25s needs at least one token per corpus; an empty document simply never scores.
            self._bm25.index([t or ["\x00"] for t in self._tokens], show_progress=False)

    def rank(self, query: str, *, exclude: Iterable[int] = (), limit: int | None = None) -> list[Hit]:
        stems = tokenize(query)
        if not self.documents or not stems:
            return []
        scores = np.asarray(self._bm25.get_scores(stems), dtype=float)
        skip = set(exclude)
        order = np.argsort(-scores, kind="stable")
        query_stems = set(stems)
        hits: list[Hit] = []
        for index in order:
            if scores[index] <= 0:
                break
            document = self.documents[index]
            if document.key in skip:
                continue
            matched = surface_terms(f"{document.text} {document.context}", query_stems & set(self._tokens[index]))
            hits.append(Hit(document.key, round(float(scores[index]), 4), matched))
            if limit is not None and len(hits) >= limit:
                break
        return hits
