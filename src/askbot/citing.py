"""The cite stage: each sentence of the model's reply is aligned to the article sentences that state
it, and keeps those as its citations. A sentence nothing supports is dropped; with none left, the
article's best sentence for the question is quoted instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .chunking import sentences
from .evidence import ArticleEvidence
from .language import ENGLISH, content_words
from .text import NEGATES, NEGATOR, YES_NO_HEAD, hedges, paired, words
from .types import Citation, Hit, Sentence
from .vocabulary import Vocabulary

# a quotation given instead of an unsupported reply is introduced in the article's language
QUOTE_PREFIX = {"en": "From the article: ", "es": "Del artículo: "}
_NEGATION = re.compile(r"\b(?:not|never|unable|cannot|non)\b|n[’']t\b", re.I)
_YES_NO = re.compile(r"^(yes|no|sí)\W*$", re.I)


@dataclass(frozen=True)
class Cited:
    """The reply's supported sentences with their citations (numbered in order of first use)."""

    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    evidence: tuple[tuple[int, ...], ...]  # per sentence, the indices of its article sentences
    quoted: bool = False  # the reply was not supported: the article is quoted instead
    contradicted: bool = False  # a sentence said "not" where its evidence does not
    support: float = 0.0


class Citer:
    """Aligns answer sentences to article sentences by meaning and by words."""

    def __init__(self, evidence: ArticleEvidence, vocabulary: Vocabulary, min_support: float = 0.45,
                 max_citations_per_sentence: int = 3, min_extra_support: float | None = None) -> None:
        self.evidence = evidence
        self.vocabulary = vocabulary
        self.min_support = min_support
        self.max_cites = max_citations_per_sentence
        # a sentence cited beside the best one must support the claim by itself, at the same bar
        # (half that bar cited padding: "The trip will last two days [1][2]", [2] about hurricanes);
        # the claim's support is still judged from every sentence of the cover
        self.min_extra_support = min_support if min_extra_support is None else min_extra_support

    def __call__(self, reply: str, query: str, hits: list[Hit], query_vector: np.ndarray | None = None,
                 polarity: bool = True, furniture: bool = True) -> Cited:
        """Cite ``reply``; quote the article instead when nothing of it is supported. With
        ``polarity``, a sentence that negates what its evidence says, or states what it negates, is
        contradicted (not for a yes-or-no question, whose "No, it is not …" is the answer itself and
        whose "Yes. X …" of "not X" is dropped, leaving the quote). Page furniture (a photo's
        caption or credit, a video link, the contributors line) is cited only with ``furniture``: for
        a question about it (a caption's "on Monday" is another Monday than the story's). The quote
        is the retrieved sentence that best matches ``query``."""
        if not reply:
            return self.quote(query, hits, query_vector=query_vector, furniture=furniture)
        claims = _quoted_apart(_join_yes_no([reply[s.start:s.end] for s in sentences(reply)] or [reply]))
        parts, supports, contradicted, denial = [], [], False, None
        for claim, vec in zip(claims, self.evidence.embedder(claims)):
            chosen, shown, support = self._align(claim, vec, furniture)
            if support < self.min_support or self.vocabulary.invented(claim):
                continue
            said = [self.evidence.sentences[i].text for i in chosen]
            negated = _negated(claim, said)
            if polarity and (negations(YES_NO_HEAD.sub("", claim)) - negations(" ".join(said)) or negated is not None):
                contradicted = True  # "X did not …" cited to "X …", or the other way: the premise was false
                continue
            if negated is not None:  # "Yes. X …" of "not X": the sentence that says "not" answers
                denial = chosen[negated] if denial is None else denial
                continue
            if _drops_hedge(claim, " ".join(said)):
                continue  # "Harris announced …" cited to "Harris is expected to announce …"
            supports.append(support)
            parts.append((claim, sorted(shown)))
        if not parts and contradicted:
            return Cited((), (), (), contradicted=True)
        if not parts and denial is not None:
            return self.quoting(denial)
        if not parts:
            return self.quote(query, hits, query_vector=query_vector, furniture=furniture)
        return self._number(parts, support=min(supports), quoted=False)

    def quote(self, query: str, hits: list[Hit], query_vector: np.ndarray | None = None,
              furniture: bool = True) -> Cited:
        best = self.evidence.best(query, hits, k=1, query_vector=query_vector, furniture=furniture)
        return self.quoting(best[0][0]) if best else Cited((), (), (), quoted=True)

    def quoting(self, i: int) -> Cited:
        """Article sentence ``i``, quoted as the answer."""
        prefix = QUOTE_PREFIX.get(self.evidence.language, QUOTE_PREFIX["en"])
        return self._number([(f"{prefix}{paired(self.evidence.sentences[i].text)}", [i])], support=0.0, quoted=True)

    def _align(self, claim: str, claim_vector: np.ndarray, furniture: bool = True) -> tuple[list[int], list[int], float]:
        """The article sentences that together support ``claim`` (greedy cover of its words), those
        of them to cite (the best, and any other that supports it by itself), and how well they
        support it: half meaning (best cosine), half the IDF-weighted share of its words they contain."""
        ev = self.evidence
        words = set(content_words(claim, ev.language))
        scores = ev.scores(claim, claim_vector)
        if not furniture and not ev.furniture.all():
            scores = np.where(ev.furniture, -1.0, scores)
        best = int(np.argmax(scores))
        chosen = [best]
        covered = set(ev.words[best])
        weight = {w: ev.idf(w) for w in words}
        while len(chosen) < self.max_cites and words - covered:
            missing = words - covered
            gain = np.array([sum(weight[w] for w in missing & ws) for ws in ev.words])
            gain[chosen] = 0
            gain[scores < 0] = 0
            nxt = int(np.argmax(gain + 1e-3 * scores))
            if gain[nxt] < 0.15 * sum(weight.values()) or scores[nxt] < 0.5 * self.min_support:
                break
            chosen.append(nxt)
            covered |= ev.words[nxt]
        dense = float(np.clip(ev.vectors[chosen] @ claim_vector, 0, 1).max())
        recall = sum(weight[w] for w in words & covered) / sum(weight.values()) if words else 0.0
        shown = [i for k, i in enumerate(chosen) if k == 0 or scores[i] >= self.min_extra_support]
        return chosen, shown, 0.5 * dense + 0.5 * recall

    def _number(self, parts: list[tuple[str, list[int]]], support: float, quoted: bool) -> Cited:
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        out: list[Sentence] = []
        for claim, ids in parts:
            for i in ids:
                if i not in numbers:
                    numbers[i] = len(numbers) + 1
                    citations.append(self.evidence.sentences[i].citation(numbers[i]))
            out.append(Sentence(claim.strip(), tuple(numbers[i] for i in ids)))
        return Cited(tuple(out), tuple(citations), tuple(tuple(ids) for _, ids in parts), quoted=quoted,
                     support=support)


# a plain future, one reported ("said it would open") or one arranged ("is set to host", "is
# scheduled to open"): "will" keeps these, not an "is expected to", "plans to" or "could"
_FUTURE = frozenset({"will", "would", "set", "scheduled"})


def _drops_hedge(claim: str, evidence: str) -> bool:
    """Whether ``claim`` states as done, or as sure to happen, what ``evidence`` only hedges: a verb
    the evidence hedges is in the claim, and the claim hedges nothing; or the claim says "will" of a
    verb that the evidence has only where it is expected, planned or possible ("will return to
    profit" of "could help Northwind return to profit")."""
    said = hedges(claim)
    if {h.word for h in said} - {"will"}:
        return False
    if said:
        return any(_only_hedged(ENGLISH.stem(h.verb), evidence) for h in said if h.verb not in ENGLISH.stopwords)
    stems = _stems(claim)
    return any(h.verb not in ENGLISH.stopwords and ENGLISH.stem(h.verb) in stems for h in hedges(evidence))


def _only_hedged(verb: str, evidence: str) -> bool:
    """Whether ``verb`` (a stem) is in ``evidence`` only within what a hedge that is no future
    ("could", "is expected to"; not "would" or "is set to") governs, up to the end of its clause."""
    plain, kept = evidence, 0
    for h in hedges(evidence):
        if h.word in _FUTURE or h.negated or h.start < kept:  # "could not commit" says no, not maybe
            continue
        end = _CLAUSE_END.search(evidence, h.end)
        kept = end.start() if end else len(evidence)
        plain = plain[:h.start] + " " * (kept - h.start) + plain[kept:]
    return verb in _stems(evidence) and verb not in _stems(plain)


def _stems(text: str) -> set[str]:
    return {ENGLISH.stem(w) for w in words(text)}


# where what a negation applies to ends ("has not been charged; investigators say …")
_SCOPE_END = re.compile(r"[,;:.!?()\u2014]|\s(?:but|while|although|though|because|since|and)\s")
_CLAUSE_END = re.compile(rf"{_SCOPE_END.pattern}|[\"“”]")  # and what a hedge governs: a quotation is another's
_CONTENT_OF = re.compile(r"\b(?:that|whether)\s")  # "cannot prove that walking prevents dementia"
# words between a negation and the word it negates ("has not yet been charged")
_NEGATED_SKIPS = frozenset("be been being have has had yet even ever always also really to get got any more".split())


def _negated(claim: str, evidence: list[str]) -> int | None:
    """Which sentence of ``evidence`` negates what ``claim`` states without negating it: the word a
    negation applies to and half the words it negates are in the claim ("Marsh was charged" of
    "Marsh has not been charged"; "Walking prevents dementia" of "cannot prove that walking prevents
    dementia"), and no sentence says that word elsewhere ("352 votes" of "members (not votes) … the
    352 votes")."""
    said = set(ENGLISH.content_words(YES_NO_HEAD.sub("", claim)))
    negates = {ENGLISH.stem(w.lower()) for w in NEGATES.findall(YES_NO_HEAD.sub("", claim))}
    for k, text in enumerate(evidence):
        for m in NEGATOR.finditer(text):
            end = _SCOPE_END.search(text, m.end())
            stop = end.start() if end else len(text)
            content = _CONTENT_OF.search(text, m.end(), stop)
            scope = text[content.end() if content else m.end():stop]
            negated = {ENGLISH.stem(w) for w in words(scope) if w not in ENGLISH.stopwords}
            head = next((ENGLISH.stem(w) for w in words(scope) if w not in _NEGATED_SKIPS), None)
            elsewhere = " ".join([text[:m.start()], text[stop:], *evidence[:k], *evidence[k + 1:]])
            if (head in said and 2 * len(said & negated) >= len(negated) and not negates - negated
                    and head not in ENGLISH.content_words(elsewhere)):
                return k  # (a claim's "prevents" that is what was negated is no negation of its own)
    return None


def negations(text: str) -> set[str]:
    """Whether ``text`` negates ("not", "n't", "never", "unable", "cannot": {"not"}) and whether it
    negates a word ("non-Arab": {"non"})."""
    return {"non" if m.group(0).lower() == "non" else "not" for m in _NEGATION.finditer(text)}


def _quoted_apart(claims: list[str]) -> list[str]:
    """Each sentence of a quotation that runs over several, as a quotation of its own: 'He said: "We
    left.', 'It rained.', 'We came back."' -> 'He said: "We left."', '"It rained."', '"We came
    back."' (each sentence is shown with its own citation, so a quotation mark left open would
    close after another's). A mark that is no quotation's ('6" wide') is left alone."""
    out, inside, mark = [], False, ('"', '"')
    for claim in claims:
        text = re.sub(r'(?<=[’\'.!?…])\s+"$', '"', claim.strip())  # '… children.\' "': the space is no part of it
        if '"' in text or "“" in text or "”" in text:
            mark = ('"', '"') if '"' in text else ("“", "”")
        opened = len(_OPENS.findall(text)) + text.count("“") + inside
        closed = len(_CLOSES.findall(text)) + text.count("”")
        text = mark[0] + text if inside else text
        if opened > closed:
            text, inside = text + mark[1] * (opened - closed), True
        else:
            text, inside = mark[0] * (closed - opened) + text, False
        out.append(text)
    return out


_OPENS = re.compile(r'(?:^|(?<=[\s(\[]))"(?=[\w‘\'])')  # a straight mark that opens a quotation
_CLOSES = re.compile(r'(?<=[^\W\d]|[.!?,;:…’\'])"(?=[\s)\].,;:!?]|$)')  # one that closes it (not 6" wide)


def _join_yes_no(claims: list[str]) -> list[str]:
    """A bare "Yes." or "No." goes with the sentence after it, which is what the article can support."""
    out: list[str] = []
    for claim in claims:
        if out and _YES_NO.match(out[-1].strip()):
            out[-1] = f"{out[-1].strip()} {claim.strip()}"
        else:
            out.append(claim)
    return out
