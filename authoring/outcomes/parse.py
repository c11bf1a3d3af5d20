"""Find the behaviour in an outcome statement: the main verb, and any further behaviours.

Rule-based on purpose: outcome statements are short, formulaic English ("Given X, the student will
VERB ..."), and a few patterns plus a verb lexicon handle them without an NLP model.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, replace
from typing import Literal

from authoring.outcomes import verbs as V

Kind = Literal["measurable", "non_measurable", "unknown"]
Form = Literal["base", "s", "ing", "ed"]

_PUNCT = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
})


def normalize(statement: str) -> str:
    """NFKC, straight quotes and dashes, single spaces: one spelling for the patterns to match."""
    text = unicodedata.normalize("NFKC", statement).translate(_PUNCT)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Token:
    word: str  # lower-cased
    start: int
    end: int


_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def tokenize(text: str) -> list[Token]:
    return [Token(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


# --- lemmas -----------------------------------------------------------------------------------

_IRREGULAR: dict[str, tuple[str, Form]] = {
    "knew": ("know", "ed"), "known": ("know", "ed"), "understood": ("understand", "ed"),
    "thought": ("think", "ed"), "learnt": ("learn", "ed"), "wrote": ("write", "ed"),
    "written": ("write", "ed"), "drew": ("draw", "ed"), "drawn": ("draw", "ed"),
    "built": ("build", "ed"), "made": ("make", "ed"), "ran": ("run", "ed"), "got": ("get", "ed"),
    "is": ("be", "s"), "are": ("be", "base"), "being": ("be", "ing"), "has": ("have", "s"),
    "having": ("have", "ing"), "centre-drill": ("center-drill", "base"),
    "centre-drills": ("center-drill", "s"), "centre-drilling": ("center-drill", "ing"),
}


def _candidates(word: str) -> list[tuple[str, Form]]:
    found: list[tuple[str, Form]] = [(word, "base")]
    if word in _IRREGULAR:
        found.insert(0, _IRREGULAR[word])
    if word.endswith("ies"):
        found.append((word[:-3] + "y", "s"))
    if word.endswith("es"):
        found.append((word[:-2], "s"))
    if word.endswith("s") and not word.endswith("ss"):
        found.append((word[:-1], "s"))
    for suffix, form in (("ing", "ing"), ("ed", "ed")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found += [(stem, form), (stem + "e", form)]
            if stem[-1] == stem[-2]:
                found.append((stem[:-1], form))  # planning -> plan
            if form == "ed" and stem.endswith("i"):
                found.append((stem[:-1] + "y", form))  # identified -> identify
    return found


def _american(word: str) -> str:
    if word.endswith("yse"):
        return word[:-3] + "yze"  # analyse
    if word.endswith("ise") and word[:-3] + "ize" in V.BLOOM:
        return word[:-3] + "ize"  # organise, prioritise
    return word.replace("centre", "center")


def lemma(word: str, vocab: Container[str], forms: tuple[Form, ...] = ("base", "s", "ing", "ed")) -> tuple[str, Form] | None:
    """The first reading of `word` as an inflection of a verb in `vocab`."""
    for cand, form in _candidates(word):
        cand = _american(cand)
        if form in forms and cand in vocab:
            return cand, form
    return None


# Phrasal verbs by head: "set" -> {"up"}, "fill" -> {"out", "in"}.
_PARTICLES: dict[str, set[str]] = {}
for _head, _particle in (v.split() for v in V.BLOOM if " " in v):
    _PARTICLES.setdefault(_head, set()).add(_particle)
_VOCAB = set(V.BLOOM) | set(V.NON_MEASURABLE) | set(_PARTICLES)


# --- verbs and phrases at a position ----------------------------------------------------------

@dataclass(frozen=True)
class VerbHit:
    verb: str  # canonical: lemma, phrasal verb, or non-measurable phrase
    kind: Kind
    form: Form
    first: int  # token index of the first word
    last: int  # token index of the last word
    start: int  # character span in the normalized text
    end: int
    head: str = ""  # for "learn to measure": the skill named after the vague verb

    @property
    def measurable(self) -> bool:
        return self.kind != "non_measurable"


_MODS = r"(?:\s+(?:a|an|the|some|basic|working|good|thorough|solid|general|deep|deeper|better|clear|full|broad|broader|greater|overall|sound|strong|fundamental|practical|increased|critical|real|genuine|true|personal|firm|comprehensive|keen|new|their|his|her|its|one's))*"
_LIGHT = re.compile(rf"(?P<head>[a-z]+){_MODS}\s+(?P<noun>{'|'.join(sorted(V.ABSTRACT_NOUNS))})\b(?:\s+(?P<prep>of|for|in|about|with|into|regarding|towards?)\b)?")
_LINKING = re.compile(rf"(?P<head>[a-z]+)(?:\s+(?:more|fully|very|well|better|thoroughly|generally|somewhat))?\s+(?P<adj>{'|'.join(sorted(V.STATE_ADJECTIVES))})\b(?:\s+(?P<prep>of|with|about|in|to|on|for)\b)?")
_PASSIVE = re.compile(rf"(?:be|is|are|get|gets)\s+(?P<part>{'|'.join(sorted(V.PASSIVE_PARTICIPLES))})\b(?:\s+(?P<prep>to)\b)?")
_IMPORTANCE = re.compile(rf"(?P<head>[a-z]+)\s+the\s+(?P<noun>{'|'.join(sorted(V.IMPORTANCE_NOUNS))})\s+of\b")
_GET_TO_KNOW = re.compile(r"get(?:s|ting)?\s+to\s+know\b")

# Words that carry no behaviour of their own between "will" and the verb ("will be able to").
_TRANSPARENT = re.compile(
    r"(?:(?:be|is|are|being)\s+)?able\s+to\b"
    r"|(?:have|has|demonstrate|demonstrates|show|shows|possess|possesses)\s+(?:the|an)\s+ability\s+to\b"
    r"|(?:be|is|are)\s+(?:expected|required|prepared|ready)\s+to\b"
    r"|(?:be|is|are)\s+capable\s+of(?=\s+[a-z-]+ing\b)"
    r"|to\b|and\b"
)


def _span_to_tokens(tokens: list[Token], first: int, end: int) -> int:
    last = first
    while last + 1 < len(tokens) and tokens[last + 1].start < end:
        last += 1
    return last


def _phrase_at(text: str, tokens: list[Token], i: int) -> VerbHit | None:
    """A non-measurable multi-word phrase starting at token i, or None."""
    low = text.lower()
    pos = tokens[i].start
    canonical = None
    head = ""
    m = _GET_TO_KNOW.match(low, pos)
    if m:
        canonical = "get to know"
    if canonical is None and (m := _IMPORTANCE.match(low, pos)):
        found = lemma(m["head"], V.IMPORTANCE_HEADS)
        if found:
            head = found[0]
            canonical = head if head in V.NON_MEASURABLE else f"{head} the {m['noun']} of"
    if canonical is None and (m := _PASSIVE.match(low, pos)):
        canonical = f"be {m['part']}" + (" to" if m["prep"] else "")
    if canonical is None and (m := _LINKING.match(low, pos)):
        found = lemma(m["head"], V.LINKING_VERBS)
        if found:
            canonical = " ".join(filter(None, (found[0], m["adj"], m["prep"])))
    if canonical is None and (m := _LIGHT.match(low, pos)):
        found = lemma(m["head"], V.LIGHT_VERBS)
        if found:
            canonical = " ".join(filter(None, (found[0], m["noun"], m["prep"])))
    if canonical is None or m is None:
        return None
    form = (lemma(tokens[i].word, V.LIGHT_VERBS | V.LINKING_VERBS | V.IMPORTANCE_HEADS | {"get"}) or ("", "base"))[1]
    last = _span_to_tokens(tokens, i, m.end())
    return VerbHit(canonical, "non_measurable", form, i, last, pos, m.end())


def verb_at(text: str, tokens: list[Token], i: int, forms: tuple[Form, ...] = ("base", "s", "ing", "ed")) -> VerbHit | None:
    """The verb (or phrase) starting at token i, in one of `forms`, or None."""
    if i >= len(tokens):
        return None
    if hit := _phrase_at(text, tokens, i):
        return hit if hit.form in forms else None
    word = tokens[i].word
    if word in V.PROCESS_PREFIXES and i + 1 < len(tokens):
        nxt = verb_at(text, tokens, i + 1, forms)
        if nxt and nxt.verb in ("weld", "cut", "braze", "solder", "tap", "file", "drill"):
            return nxt
    found = lemma(word, _VOCAB, forms)
    if not found:
        return None
    base, form = found
    # Phrasal verbs ("set up", "lay out") win over their bare head.
    if i + 1 < len(tokens) and tokens[i + 1].word in _PARTICLES.get(base, ()):
        nxt = tokens[i + 1]
        if text[tokens[i].end:nxt.start].strip() == "":
            verb = f"{base} {nxt.word}"
            return VerbHit(verb, "measurable", form, i, i + 1, tokens[i].start, nxt.end)
    if base not in V.BLOOM and base not in V.NON_MEASURABLE:
        return None  # only the head of a phrasal verb ("lay" without "out")
    kind: Kind = "non_measurable" if base in V.NON_MEASURABLE else "measurable"
    head = ""
    if kind == "non_measurable" and i + 2 < len(tokens) and tokens[i + 1].word == "to":
        skill = verb_at(text, tokens, i + 2, ("base",))  # "learn to measure": offer "measure"
        head = skill.verb if skill and skill.measurable else ""
    return VerbHit(base, kind, form, i, i, tokens[i].start, tokens[i].end, head)


def _is_adverb(word: str) -> bool:
    return word in V.ADVERBS or word in V.VAGUE_ADVERBS or (
        word.endswith("ly") and lemma(word, _VOCAB) is None)


def resolve(text: str, tokens: list[Token], i: int, after_modal: bool,
            forms: tuple[Form, ...] = ("base", "s", "ing", "ed")) -> VerbHit | None:
    """The behaviour starting at token i, skipping adverbs and "be able to".

    After a modal ("will") the next word is a verb even if the lexicon does not know it.
    """
    low = text.lower()
    while i < len(tokens):
        m = _TRANSPARENT.match(low, tokens[i].start)  # before verbs: "demonstrate the ability to"
        if m:
            i = _span_to_tokens(tokens, i, m.end()) + 1
            if m.group() != "and":  # "accurately and safely set up" keeps the tense it had
                forms = ("ing",) if m.group().endswith("of") else ("base",)
            continue
        hit = verb_at(text, tokens, i, forms)
        if hit:
            return hit
        if _is_adverb(tokens[i].word):
            i += 1
            continue
        break
    if not after_modal or i >= len(tokens):
        return None
    word = tokens[i].word
    if word == "be" and i + 1 < len(tokens):  # "will be safe", "will be responsible"
        nxt = tokens[i + 1]
        return VerbHit(f"be {nxt.word}", "non_measurable", "base", i, i + 1, tokens[i].start, nxt.end)
    if word.isalpha() and word not in _STOP:
        return VerbHit(word, "unknown", "base", i, i, tokens[i].start, tokens[i].end)
    return None


_STOP = frozenset("""
    a an the be have has this that these those it its their they he she we you i of in on at to for
    by with from and or not no as is are was were do does did
""".split())

# --- where the behaviour starts ---------------------------------------------------------------

_AUDIENCE = (
    r"(?:(?:the|each|every|all|our|a|an)\s+(?:[\w-]+\s+)?)?"
    r"(?:students?|learners?|trainees?|apprentices?|participants?|candidates?|teams?|operators?"
    r"|welders?|machinists?|technicians?|employees?|workers?|pupils?|individuals?|graduates?"
    r"|completers?|inspectors?|class|you|they|he/she|he or she|s/he)"
)
_SUBJECT = re.compile(rf"\b{_AUDIENCE}(?P<modal>(?:\s+[a-z]+ly)?\s+(?:will|shall|can|must|should|may))?\b", re.I)
_ACRONYM = re.compile(r"\bt?swi?bat\b:?", re.I)
_MODAL = re.compile(r"\b(?:will|shall|can|must|should)\b", re.I)


@dataclass(frozen=True)
class Behaviour:
    main: VerbHit
    lead_end: int  # the statement before this offset is the leading clause ("Given a print, ")


def _token_at(tokens: list[Token], pos: int) -> int:
    return next((k for k, t in enumerate(tokens) if t.start >= pos), len(tokens))


def find_behaviour(text: str, tokens: list[Token]) -> Behaviour | None:
    for m in _SUBJECT.finditer(text):  # "the student will", "Students measure"
        hit = resolve(text, tokens, _token_at(tokens, m.end()), after_modal=bool(m["modal"]))
        if hit:
            return Behaviour(hit, m.start())
    for m in _ACRONYM.finditer(text):  # SWBAT
        if hit := resolve(text, tokens, _token_at(tokens, m.end()), after_modal=True):
            return Behaviour(hit, m.start())
    if hit := _after_bare_modal(text, tokens, after_modal=False):  # "Given a print, will identify"
        return hit
    # Imperative, at a sentence start or after a leading clause: "Given a print, measure ...".
    starts = [0] + [m.end() for m in re.finditer(r"[,:;]\s*", text)]
    for pos in starts:
        i = _token_at(tokens, pos)
        hit = resolve(text, tokens, i, after_modal=False, forms=("base", "s"))
        if hit and not _reads_as_noun(tokens, hit, strict=True):
            return Behaviour(hit, pos)
    # Last resort: whatever follows "will", known or not ("Maria will juggle ...").
    return _after_bare_modal(text, tokens, after_modal=True)


def _after_bare_modal(text: str, tokens: list[Token], after_modal: bool) -> Behaviour | None:
    for m in _MODAL.finditer(text):
        if hit := resolve(text, tokens, _token_at(tokens, m.end()), after_modal=after_modal):
            comma = text.rfind(",", 0, m.start())
            return Behaviour(hit, comma + 1 if comma >= 0 else 0)
    return None


# --- further behaviours -----------------------------------------------------------------------

_OBJECT_STARTERS = frozenset("""
    a an the all each every any its their his her them it this that these those some one two three
    four five six seven eight nine ten twelve twenty how why what when where which whether both
    several multiple at
""".split())


def _reads_as_noun(tokens: list[Token], hit: VerbHit, strict: bool) -> bool:
    """True when a noun-or-verb word ("drill", "record") is more likely the noun here."""
    if hit.verb not in V.NOUN_VERBS or hit.kind != "measurable":
        return False
    nxt = tokens[hit.last + 1].word if hit.last + 1 < len(tokens) else ""
    if (tokens[hit.last].word, nxt) in V.NOUN_COMPOUNDS:
        return True
    if not strict:
        return False
    if nxt in _OBJECT_STARTERS or nxt[:1].isdigit():
        return False
    return not (nxt.endswith("s") and lemma(nxt, _VOCAB) is None)


def _separator(text: str, tokens: list[Token], k: int) -> str:
    return text[tokens[k - 1].end:tokens[k].start] if k > 0 else ""


_CONJ = frozenset({"and", "or", "then", "&"})


def _series(text: str, tokens: list[Token], first: VerbHit, strict: bool) -> list[VerbHit]:
    """`first` and the verbs listed right after it: "drill, ream and tap"."""
    found = [first]
    k = first.last + 1
    while k < len(tokens):
        sep = _separator(text, tokens, k)
        j = k
        while j < len(tokens) and (tokens[j].word in _CONJ or _is_adverb(tokens[j].word)):
            j += 1
        if j == k and "," not in sep and "&" not in sep:
            break
        if "." in text[tokens[k - 1].end:tokens[j].start if j < len(tokens) else len(text)]:
            break
        hit = verb_at(text, tokens, j, (first.form,)) if j < len(tokens) else None
        if not hit or (strict and _reads_as_noun(tokens, hit, strict=False)):
            break
        found.append(hit)
        k = hit.last + 1
    if strict and len(found) == 1 and _reads_as_noun(tokens, first, strict=True):
        return []
    return found


def behaviours(text: str, tokens: list[Token], main: VerbHit) -> tuple[list[VerbHit], list[list[VerbHit]]]:
    """The main verb's own list ("drill, ream and tap") and any later behaviours, each as a list."""
    own = _series(text, tokens, main, strict=False)
    later: list[list[VerbHit]] = []
    k = own[-1].last + 1
    while k < len(tokens):
        sep = _separator(text, tokens, k)
        j = k
        if tokens[k].word in _CONJ or re.search(r"[,;&]", sep):
            while j < len(tokens) and (tokens[j].word in _CONJ or _is_adverb(tokens[j].word)):
                j += 1
            if j < len(tokens) and (j > k or re.search(r"[,;&]", sep)):
                hit = verb_at(text, tokens, j, (main.form,))
                if hit:
                    group = _series(text, tokens, hit, strict=True)
                    if group:
                        later.append(group)
                        k = group[-1].last + 1
                        continue
        k += 1
    # Sentences after the first are behaviours of their own when they have a verb.
    return own, later + _later_sentences(text, tokens, main)


# "in." and "ft." end a sentence only before a capitalised word ("0.001 in. Record ..."), not
# before an acronym ("0.001 in. TIR").
SENTENCE_END = re.compile(
    r"(?<!\b[A-Za-z])(?<!\bin)(?<!\bft)(?<!\bno)(?<!\bvs)[.!?](?=\s+[A-Z])|(?<=\b(?:in|ft))\.(?=\s+[A-Z][a-z])")


def _later_sentences(text: str, tokens: list[Token], main: VerbHit) -> list[list[VerbHit]]:
    """A later sentence with a behaviour of its own ("... record readings. Report any ...")."""
    for m in SENTENCE_END.finditer(text, main.end):
        rest = text[m.end():]
        sub = find_behaviour(rest, tokenize(rest))
        if sub:
            shift = m.end()
            first = _token_at(tokens, sub.main.start + shift)
            hit = replace(sub.main, start=sub.main.start + shift, end=sub.main.end + shift,
                          first=first, last=_span_to_tokens(tokens, first, sub.main.end + shift))
            return [[hit]]
    return []
