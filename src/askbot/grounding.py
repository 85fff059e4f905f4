"""Grounding in code: align each answer sentence to the article sentences that support it,
decide from evidence whether the article answers at all, and fall back to quoting."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass

import numpy as np

from .chunking import Span, sentences
from .embedding import Embedder
from .index import ArticleIndex
from .text import CITATION_MARK, STOPWORDS, YES_NO_HEAD, content_words, fold, root, words
from .types import KIND_LABELS, Citation, Hit

QUOTE_PREFIX = "From the article: "
REFUSAL = re.compile(
    r"not in (the )?article|article does(n't| not) (say|mention|answer|state|specify)|"
    r"(is|are) not (mentioned|stated|specified|provided)|no (information|mention)|"
    r"does not (say|mention|provide|specify)|cannot be (answered|determined)|"
    r"el artículo no (lo )?(dice|menciona)",
    re.I,
)


@dataclass(frozen=True)
class Evidence:
    """An article sentence and the chunk it belongs to."""

    span: Span
    chunk_id: int
    text: str


@dataclass(frozen=True)
class Grounded:
    text: str  # answer with [n] markers
    citations: tuple[Citation, ...]
    supported: bool
    quoted: bool  # the answer had to be replaced by a quote of the article
    support: float
    swaps: tuple["Swap", ...] = ()  # words of the question (repeated by the answer or not) its evidence says otherwise


@dataclass(frozen=True)
class Swap:
    """A word of the question ("failure"), in the answer or in the question itself, where the sentence
    the answer cites has another in its place ("success"): the answer may rest on the question's
    premise, not on the article."""

    asked: str  # as the answer (or the question) spells it
    said: str  # as the article spells it
    names: bool  # both are names ("Prussia" for "Warsaw"): another one, whatever the words mean


class Grounder:
    """Matches answer sentences to article sentences by meaning (embeddings) and by words."""

    def __init__(self, index: ArticleIndex, embedder: Embedder, min_support: float = 0.45,
                 max_citations_per_sentence: int = 3, on_topic_ratio: float = 0.6, on_topic_floor: float = 0.25,
                 swap_likeness: float = 0.42) -> None:
        self.index = index
        self.embedder = embedder
        self.min_support = min_support
        self.max_cites = max_citations_per_sentence
        self.on_topic_ratio = on_topic_ratio
        self.on_topic_floor = on_topic_floor
        self.swap_likeness = swap_likeness
        text = index.article.text
        self.evidence: list[Evidence] = [
            Evidence(sp, c.id, text[sp.start:sp.end]) for c in index.chunks for sp in sentences(text, c.start, c.end)
        ]
        kinds = {c.id: c.kind for c in index.chunks}
        self._labelled = [f"{KIND_LABELS[kinds[e.chunk_id]]} {e.text}" if kinds[e.chunk_id] in KIND_LABELS else e.text
                          for e in self.evidence]
        self._words = [set(content_words(t)) for t in self._labelled]
        df: dict[str, int] = {}
        for ws in self._words:
            for w in ws:
                df[w] = df.get(w, 0) + 1
        n = max(len(self._words), 1)
        self._idf = {w: math.log(1 + n / d) for w, d in df.items()}
        self._idf_unknown = math.log(1 + n)
        self._article_words = _name_forms(words(text)) | _number_forms(text)
        self._article_stems = {w[:5] for w in self._article_words if len(w) >= 5}
        self._acronyms = _acronyms(text)
        self._names = _names_in(text)
        self._vectors: np.ndarray | None = None
        self._by_chunk: dict[int, list[int]] = {}
        for i, e in enumerate(self.evidence):
            self._by_chunk.setdefault(e.chunk_id, []).append(i)
        self._evidence_at = {(e.span.start, e.span.end): i for i, e in enumerate(self.evidence)}

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = self.embedder(self._labelled)
        return self._vectors

    # ---- scores -------------------------------------------------------------------------------
    def _lexical(self, claim_words: list[str]) -> np.ndarray:
        if not claim_words:
            return np.zeros(len(self.evidence))
        weights = {w: self._idf.get(w, self._idf_unknown) for w in set(claim_words)}
        total = sum(weights.values())
        return np.array([sum(weights[w] for w in weights.keys() & ws) / total for ws in self._words])

    def support_scores(self, claim: str, claim_vector: np.ndarray | None = None) -> np.ndarray:
        """How well each article sentence supports ``claim``: meaning and word overlap, 0..1."""
        if claim_vector is None:
            claim_vector = self.embedder([claim])[0]
        dense = np.clip(self.vectors @ claim_vector, 0.0, 1.0)
        return 0.5 * dense + 0.5 * self._lexical(content_words(claim))

    # ---- the work -----------------------------------------------------------------------------
    def ground(self, answer: str, query: str, hits: list[Hit], query_vector: np.ndarray | None = None,
               polarity: bool = True, question: str = "") -> Grounded:
        """Attach citations to ``answer``; quote the article instead when the answer is not supported.
        With ``polarity``, an answer sentence that negates what its evidence says is not supported
        (not for a yes-or-no question, whose "No, it is not …" is the answer itself). The words the
        answer repeats from ``question`` where its evidence has others come back as ``swaps``."""
        claims = _join_yes_no([answer[s.start:s.end] for s in sentences(answer)] or [answer])
        vectors = self.embedder(claims)
        parts, supports, contradicted = [], [], False
        for claim, vec in zip(claims, vectors):
            chosen, support = self._align(claim, vec)
            if support < self.min_support or self.invented(claim):
                continue
            if polarity and _negations(YES_NO_HEAD.sub("", claim)) - _negations(
                    " ".join(self.evidence[i].text for i in chosen)):
                contradicted = True  # "X did not …" cited to "X …": the question's premise was false
                continue
            supports.append(support)
            parts.append((claim, sorted(chosen)))
        # sentences the article does not support are dropped; with none left, quote the article,
        # unless the answer contradicted it: then the article does not answer
        if not parts and contradicted:
            return Grounded("", (), False, False, 0.0)
        cited = [i for _, ids in parts for i in ids]
        if not parts or not self._on_topic(query, hits, cited, query_vector):
            grounded, found = self.quote(query, hits, support=min(supports, default=0.0)), []
        else:
            grounded = self._render(parts, support=min(supports), quoted=False)
            found = [sw for claim, ids in parts for sw in self.swaps(claim, question, ids)]
        # the question itself may say one word where the sentences answering it say another (the
        # answer, in the article's words, does not repeat it): "decelerate" asked, "accelerate" said
        found += self.premise_swaps(question, [self._evidence_at[c.start, c.end] for c in grounded.citations])
        swaps = tuple(dict.fromkeys(found))
        return dataclasses.replace(grounded, swaps=swaps) if swaps else grounded

    def premise_swaps(self, question: str, evidence_ids: list[int], min_likeness: float | None = None) -> list[Swap]:
        """Where ``question`` and the sentences answering it say the same around one word and the
        question's word is another ("What has sizes depending on how weak the push or pull is?" of
        "forces have sizes dependent upon how strong the push or pull is"). A question is worded
        more freely than an answer, so only words alike in meaning count (antonyms are: "weak",
        "strong"), not ones lined up by chance ("appoints", "six-person"); nor function words."""
        found = self.swaps(question, question, evidence_ids, skip=_FUNCTION_WORDS)
        if not found:
            return []
        least = self.swap_likeness if min_likeness is None else min_likeness
        vectors = self.embedder([w for sw in found for w in (sw.asked, sw.said)])
        return [sw for k, sw in enumerate(found) if float(vectors[2 * k] @ vectors[2 * k + 1]) >= least]

    def swaps(self, claim: str, question: str, evidence_ids: list[int], skip: frozenset[str] = STOPWORDS) -> list[Swap]:
        """Where ``claim`` and its evidence say the same around one word, and the claim's word is
        the question's while the evidence has another ("The failure of any pathogen depends on …"
        cited to "The success of any pathogen depends on …" for "What does the failure of a pathogen
        depend on?"). Spellings of one word ("recognized", "recognised"), numbers and a name said
        for a description ("Warsaw" for "the city") are not swaps."""
        asked = set(words(question))
        if not asked:
            return []
        said = set().union(*(self._words[i] for i in evidence_ids)) if evidence_ids else set()
        ours = _tokens(claim)
        out: list[Swap] = []
        for i in evidence_ids:
            theirs = _tokens(self.evidence[i].text)
            a, b = [fold(t) for t, _ in ours], [fold(t) for t, _ in theirs]
            ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            for k, (tag, i1, i2, j1, j2) in enumerate(ops):
                mine = [n for n in range(i1, i2) if a[n] not in skip]
                other = [n for n in range(j1, j2) if b[n] not in skip]
                if tag != "replace" or len(mine) != 1 or len(other) != 1:
                    continue
                around = [ops[m] for m in (k - 1, k + 1) if 0 <= m < len(ops) and ops[m][0] == "equal"]
                if not any(w not in STOPWORDS for o in around for w in a[o[1]:o[2]]):
                    continue  # nothing the same around it: not one sentence saying another word
                x, y = a[mine[0]], b[other[0]]
                if (x not in asked or x in _FRAME_WORDS or any(ch.isdigit() for ch in x + y)
                        or set(content_words(x)) & said or _same_word(x, y)):
                    continue
                named = (x in self._names or x in _names_in(question), y in self._names)
                if named[0] != named[1]:
                    continue
                out.append(Swap(ours[mine[0]][0], theirs[other[0]][0], named[0]))
        return out

    def speaker(self, citations: tuple[Citation, ...]) -> str | None:
        """Who said what the cited sentences say, as the article names them. A quotation's speaker
        is often named after its last sentence ("… which is good. She is frank,” Giammattei said."),
        so a cited sentence that opens a quotation is read on to where it closes."""
        for c in citations:
            i = self._evidence_at.get((c.start, c.end))
            said, quoting = c.text, _opens_quote(c.text)
            while quoting and i is not None and i + 1 < len(self.evidence) and len(said) < 1500:
                i += 1
                said = f"{said} {self.evidence[i].text}"
                quoting = _opens_quote(said)
            who = speaker(said)
            if who:
                return who
        return None

    def invented(self, claim: str) -> list[str]:
        """Names and numbers in ``claim`` that the article never mentions: the model's own knowledge
        (or invention), which no citation can support."""
        return self._unknown_names(claim, skip_first=False, typos=False)

    def unmentioned(self, question: str) -> list[str]:
        """Names and numbers in a question that the article never mentions ("What do astronauts
        experience in orbit around Saturn?" of an article about Earth): the article cannot answer it.
        The question's first word is not taken for a name, and a reader's typo ("Hamaz") is forgiven."""
        return self._unknown_names(question, skip_first=True, typos=True)

    def opposed(self, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
        """Words of the question that the article never uses where the passages it is about use
        their opposite, the same word with or without a negating prefix ("non-Arab nationalism" of
        passages saying "Arab nationalism", "abnormal forces" for "normal forces"): the question's
        premise is the negation of the article's. Pairs of (question word, article word)."""
        passages = " ".join(h.chunk.text for h in hits)
        near = set(words(passages))
        out = []
        for word in dict.fromkeys(words(question)):
            if len(word) < 6 or word in self._article_words:
                continue
            opposite = _opposite(word, near)
            if opposite:
                out.append((_spelled(word, question), _spelled(opposite, passages)))
        return out

    def _unknown_names(self, text: str, skip_first: bool, typos: bool) -> list[str]:
        """Names (runs of capitalised words: "Vice President Mike Pence") that the article never uses,
        unless their initials are an acronym of the article's; and such numbers."""
        out: list[str] = []
        run: list[tuple[str, bool]] = []  # (token, known)

        def close() -> None:
            # a name is unknown by its last word or most of its words: "Great Britain" passes for an
            # article saying "Britain", "Alexander Giammattei" for "Alejandro Giammattei"
            unknown = sum(not known for _, known in run)
            if run and (not run[-1][1] or 2 * unknown > len(run)) and (
                    "".join(t[0] for t, _ in run).lower() not in self._acronyms):
                out.append(" ".join(t for t, _ in run))
            run.clear()

        first = True
        for tok in re.findall(r"\b[\w’'-]+\b|[:.?!;,()\"“”]", text):
            plain = words(tok)
            if not plain:  # punctuation ends a name; after a sentence's end, a capital starts a sentence
                close()
                first = first or tok in ":.?!"
                continue
            name = tok[0].isupper() and plain[0] not in _META_WORDS and (
                not first or (not skip_first and plain[0] not in STOPWORDS and plain[0] not in _SENTENCE_OPENERS))
            first = False
            known = all(self._known(w, typos) for w in plain) or (
                tok.isupper() and len(tok) >= 2 and plain[0] in self._acronyms)
            if name:
                run.append((tok, known))
                continue
            close()
            if not known and any(ch.isdigit() for ch in tok):
                out.append(tok)
        close()
        return out

    def _known(self, word: str, typos: bool = False) -> bool:
        """In the article, or a form of an article word ("Honduran" for "Honduras"), or with
        ``typos`` one letter off a long article word."""
        word = _name_form(word)
        if word in self._article_words or (len(word) >= 5 and not word.isdigit() and word[:5] in self._article_stems):
            return True
        if "-" in word.strip("-"):  # "15-1" for the article's "15–1"
            return all(self._known(part, typos) for part in word.split("-") if part)
        return typos and len(word) >= 5 and not word.isdigit() and any(
            abs(len(a) - len(word)) <= 1 and _one_edit(word, a) for a in self._article_words)

    def _align(self, claim: str, claim_vector: np.ndarray) -> tuple[list[int], float]:
        """The article sentences that together support ``claim`` (greedy cover of its words), and
        how well: half meaning (best cosine), half the IDF-weighted share of its words they contain."""
        words = set(content_words(claim))
        scores = self.support_scores(claim, claim_vector)
        best = int(np.argmax(scores))
        chosen = [best]
        covered = set(self._words[best])
        weight = {w: self._idf.get(w, self._idf_unknown) for w in words}
        while len(chosen) < self.max_cites and words - covered:
            missing = words - covered
            gain = np.array([sum(weight[w] for w in missing & ws) for ws in self._words])
            gain[chosen] = 0
            nxt = int(np.argmax(gain + 1e-3 * scores))
            if gain[nxt] < 0.15 * sum(weight.values()) or scores[nxt] < 0.5 * self.min_support:
                break
            chosen.append(nxt)
            covered |= self._words[nxt]
        dense = float(np.clip(self.vectors[chosen] @ claim_vector, 0, 1).max())
        recall = sum(weight[w] for w in words & covered) / sum(weight.values()) if words else 0.0
        return chosen, 0.5 * dense + 0.5 * recall

    def _on_topic(self, query: str, hits: list[Hit], cited: list[int], query_vector: np.ndarray | None = None) -> bool:
        """An answer may be true to the article yet answer another question: its evidence must be
        about as relevant to the question as the best retrieved sentence. A question too vague to
        match any sentence ("Who?", "Why?" after an answer) cannot judge this, and does not."""
        if not query or not cited:
            return bool(cited)
        relevance = self.support_scores(query, query_vector)
        best = max((relevance[i] for h in hits for i in self._by_chunk.get(h.chunk.id, [])), default=0.0)
        if best < self.on_topic_floor:
            return True
        return max(relevance[i] for i in cited) >= self.on_topic_ratio * best

    def best_sentences(self, query: str, hits: list[Hit], k: int = 1,
                       query_vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The article sentences within the retrieved chunks that best match the question, with scores."""
        candidates = [i for h in hits for i in self._by_chunk.get(h.chunk.id, [])]
        if not candidates:
            return []
        scores = self.support_scores(query, query_vector)[candidates]
        order = np.argsort(-scores, kind="stable")[:k]
        return [(candidates[i], float(scores[i])) for i in order]

    def relevance(self, query: str, hits: list[Hit], query_vector: np.ndarray | None = None) -> float:
        """How well the best retrieved sentence matches the question: the evidence that the article answers."""
        best = self.best_sentences(query, hits, 1, query_vector)
        return best[0][1] if best else 0.0

    def quote(self, query: str, hits: list[Hit], support: float = 0.0) -> Grounded:
        best = self.best_sentences(query, hits, k=1)
        if not best:
            return Grounded("", (), False, True, support)
        i = best[0][0]
        return self._render([(f"{QUOTE_PREFIX}{self.evidence[i].text.strip()}", [i])], support=support, quoted=True)

    def _render(self, parts: list[tuple[str, list[int]]], support: float, quoted: bool) -> Grounded:
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        out = []
        for claim, ev_ids in parts:
            marks = []
            for i in ev_ids:
                if i not in numbers:
                    numbers[i] = len(numbers) + 1
                    e = self.evidence[i]
                    citations.append(Citation(numbers[i], e.chunk_id, e.span.start, e.span.end, e.text))
                marks.append(f"[{numbers[i]}]")
            out.append(_attach(claim.strip(), "".join(marks)))
        return Grounded(" ".join(out), tuple(citations), True, quoted, support)


_NUMBER_WORDS = dict(zip(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
    [str(n) for n in range(1, 21)] + [f"{n}{s}" for n, s in zip(range(1, 21), ["st", "nd", "rd"] + ["th"] * 17)]))
# a country and its people's adjective, where one is not the other's prefix ("France" in an article saying "French")
_DEMONYMS = dict(pair.split(":") for pair in """france:french britain:british england:english spain:spanish
netherlands:dutch holland:dutch china:chinese japan:japanese greece:greek wales:welsh scotland:scottish
ireland:irish switzerland:swiss portugal:portuguese sweden:swedish denmark:danish norway:norwegian poland:polish
turkey:turkish finland:finnish philippines:filipino thailand:thai vietnam:vietnamese lebanon:lebanese
iraq:iraqi israel:israeli pakistan:pakistani afghanistan:afghan yemen:yemeni kuwait:kuwaiti us:american""".split())
_DEMONYMS.update({v: k for k, v in list(_DEMONYMS.items())})
# words that open a sentence without being names ("Until 1842.", "Others came later.")
_SENTENCE_OPENERS = frozenset("""until unless since although though while because whereas however therefore
thus meanwhile instead later earlier others another many several most much few both either neither every each
everyone someone somebody nobody none nothing something everything among within without despite during around
across along toward towards upon onto near yet still already once""".split())
_META_WORDS = frozenset({"english", "spanish", "true", "false"})  # "What is that in English?"
_SKIP_IN_NAMES = frozenset({"of", "the", "and", "for", "de", "del", "la"})


def _name_form(word: str) -> str:
    """A word as names are compared: no possessive, no plural of a number ("1970s")."""
    word = re.sub(r"['’]s$", "", word)
    return word[:-1] if len(word) > 1 and word[-1] == "s" and word[:-1].isdigit() else word


def _name_forms(article_words: list[str]) -> set[str]:
    """The article's words as a question may name them: each part of "19th-century" too, and
    numbers written out ("three" for 3)."""
    out = set()
    for w in article_words:
        w = _name_form(w)
        out.add(w)
        for part in w.split("-"):
            out.add(_name_form(part))
            if part in _NUMBER_WORDS:
                out.add(_NUMBER_WORDS[part])
            if part in _DEMONYMS:
                out.add(_DEMONYMS[part])
    return out


def _number_forms(text: str) -> set[str]:
    """Numbers as a question may write those of the article: without thousands separators
    ("10000" for "10,000"), and a year's century ("17th" for 1672)."""
    out = {m.group(0).replace(",", "") for m in re.finditer(r"\b\d{1,3}(?:,\d{3})+\b", text)}
    for m in re.finditer(r"\b(1\d{3}|20\d\d)s?\b", text):
        century = int(m.group(1)) // 100 + 1
        out.add(f"{century}{'st' if century % 10 == 1 and century != 11 else 'th'}")
    return out


def _acronyms(text: str) -> set[str]:
    """Acronyms the article spells or implies: "U.S.", and the initials of capitalised names
    ("European Union" gives "eu", "World War II" gives "wwii")."""
    out = {m.group(0).replace(".", "").lower() for m in re.finditer(r"\b(?:[A-Za-z]\.){2,}", text)}
    for run in re.finditer(r"[A-Z][\w’'-]*(?:[ \t]+(?:(?:of|the|and|for)[ \t]+)?[A-Z][\w’'-]*)+", text):
        toks = [t for t in run.group(0).split() if t.lower() not in _SKIP_IN_NAMES]
        heads = [t if re.fullmatch(r"[IVX]+", t) else t[0] for t in toks]
        for i in range(len(heads)):
            for j in range(i + 2, len(heads) + 1):
                out.add("".join(heads[i:j]).lower())
    return out


NEGATING_PREFIXES = ("non-", "non", "un", "dis", "ab", "il", "ir")
_NOT_OPPOSITES = STOPWORDS | {"like"}


def _opposite(word: str, vocabulary: set[str]) -> str | None:
    """The word of ``vocabulary`` that is ``word`` without its negating prefix ("arab" for "non-arab";
    not "like" for "dislike": "like" is mostly a preposition)."""
    for prefix in NEGATING_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and rest in vocabulary and rest not in _NOT_OPPOSITES:
            return rest
    return None


def _spelled(word: str, text: str) -> str:
    """``word`` (folded, as ``words`` gives it) as ``text`` spells it: "non-arab" is "non-Arab"."""
    return next((tok for tok, _ in _tokens(text) if words(tok) == [word]), word)


def _tokens(text: str) -> list[tuple[str, int]]:
    """The words of ``text`` as written, each with its place in its sentence (0: the sentence's first)."""
    out, place = [], 0
    for m in re.finditer(r"\w+(?:[-'’]\w+)*|[.!?]", text):
        if m.group(0) in ".!?":
            place = 0
            continue
        out.append((m.group(0), place))
        place += 1
    return out


# words that frame a question rather than state its premise ("Where is New Jersey located?" answered
# "New Jersey is located …" cited to "New Jersey is a state …")
_FRAME_WORDS = frozenset("name named called known located situated kind type sort".split())
# words a question's wording moves around: "how many minor hurricanes" is "two major hurricanes"
_FUNCTION_WORDS = STOPWORDS | _SENTENCE_OPENERS | set(_NUMBER_WORDS)


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word: spellings ("recognized", "recognised"), inflections ("wish", "wished"),
    a stem ("Normandy", "Norman"), a country and its people ("Poland's", "Polish")."""
    a, b = _name_form(a), _name_form(b)
    return (a[:5] == b[:5] or _one_edit(a, b) or root(a) == root(b)
            or _DEMONYMS.get(a) == b or _DEMONYMS.get(b) == a)


def _names_in(text: str) -> set[str]:
    """The words ``text`` capitalises where no sentence starts: its names' words, folded."""
    return {fold(tok) for tok, place in _tokens(text) if tok[:1].isupper() and place > 0}


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i:] == b[i + 1:]


_NEGATION = re.compile(r"\b(?:not|never|unable|cannot|non)\b|n[’']t\b", re.I)


def _negations(text: str) -> set[str]:
    """Whether ``text`` negates ("not", "n't", "never", "unable", "cannot": {"not"}) and whether it
    negates a word ("non-Arab": {"non"})."""
    return {"non" if m.group(0).lower() == "non" else "not" for m in _NEGATION.finditer(text)}


# a question that asks about what did not happen ("Who did Ms Kucukdeveci not work for?", "Who has no
# power to pass laws?"); not "not only", "No. 5", or a capitalised "Not" inside a name
_ASKS_NEGATED = re.compile(r"\b(?:not(?!\s+(?:only|just)\b)|never|no(?![.\s]*\d)|none|nor|neither|cannot)\b|n[’']t\b")
# what sentences say to negate: the words, and verbs that deny ("failed to issue", "refused a visa")
_SAYS_NEGATED = re.compile(r"\b(?:not|never|no|none|nor|neither|nobody|nothing|nowhere|cannot|without|unable|"
                           r"lack\w*|fail\w*|refus\w*|declin\w*|den(?:y|ies|ied)|reject\w*|prevent\w*|"
                           r"prohibit\w*|forb[ai]d\w*|ban(?:s|ned)?|absen\w*|instead|rather|except\w*)\b|n[’']t\b",
                           re.I)


def denies(question: str, evidence: list[str]) -> bool:
    """Whether ``question`` asks about what did not happen while the sentences answering it negate
    nothing ("How must legislation not be worded?" answered from "Legislation must be worded so that
    it is clearly understandable"): its premise is the opposite of what they say. A negating prefix
    of the question's own word counts as negation ("unelected" for "not elected")."""
    if not _ASKS_NEGATED.search(question) or not evidence:
        return False
    said = " ".join(evidence)
    if _SAYS_NEGATED.search(said):
        return False
    asked = set(words(question))
    return not any(w.startswith(p) and w[len(p):] in asked for w in words(said)
                   for p in NEGATING_PREFIXES + ("in", "im"))


_ASKS_REASON = re.compile(r"^\W*(?:and |so |but )?(?:why\b|what (?:\w+ )?(?:caused|causes|cause|led to|leads to|prompted|"
                          r"triggered)\b|what (?:was|is|were|are) the (?:reason|cause))", re.I)
# the ways a sentence gives a reason, broadly: a connective, a cause verb, or a preposition of purpose or means
_GIVES_REASON = re.compile(r"\b(?:because|due|cause[sd]?|causing|led|lead|leads|result(?:s|ed)?|reasons?|since|so|after|"
                           r"owing|thanks|as|over|to|by|from|for|amid|with)\b", re.I)


def answers_question(question: str, reply: str) -> bool:
    """Whether ``reply`` is an answer to ``question`` at all: it says something the question does not
    (see ``restates``), and to a question asking why it gives some reason ("The war in Sudan began in
    2003." answers when, not "what caused the war?")."""
    return not restates(question, reply) and not (_ASKS_REASON.match(question) and not _GIVES_REASON.search(reply))


_CHOICE = re.compile(r"\w\s+or\s+\w", re.I)
# words that carry no answer of their own (others may: "each other", "nothing", "themselves")
_SAYS_NOTHING = frozenset("""a an the is are was were be been being am do does did has have had it its there this
that these those of in on at to by for with from as""".split())


def restates(question: str, answer: str) -> bool:
    """Whether ``answer`` says nothing that ``question`` does not: every word and number of it is
    one of the question's ("Desmond Tutu should calm down." for "Who did Desmond Tutu should calm
    down?"). Such a reply repeats the question; it does not answer it. A question offering a choice
    ("abstract or concrete?") is answered by one of its own words, so it is never a restatement."""
    if _CHOICE.search(question):
        return False
    said = {root(w) for w in words(CITATION_MARK.sub("", answer)) if w not in _SAYS_NOTHING}
    asked = {root(w) for w in words(question)}
    return bool(said) and said <= asked


_ASKS_SPEAKER = re.compile(r"^\W*(?:and |so |but )?who\s+(?:(?:did|does|do|has|had|have|first)\s+)?(?:say|says|said|tell|tells|"
                           r"told|announce[sd]?|claim(?:s|ed)?|state[sd]?|warn(?:s|ed)?|add(?:s|ed)?)\b", re.I)
_SPEECH = r"(?:said|says|told|added|explained|noted|stated|announced|warned|wrote)"
_SAID_BY = (  # where a news sentence names who said it
    re.compile(rf",\s*[\"”’']?\s*(?P<who>[^,;:\"“”]{{2,80}}?)\s+{_SPEECH}\b[^,;\"“”]{{0,40}}[.!]?[\"”’']?\s*$"),
    re.compile(rf",\s*[\"”’']?\s*{_SPEECH}\s+(?P<who>[^.;:\"“”]{{2,80}}?)\s*[.!]?\s*$"),
    re.compile(r"\baccording to (?P<who>[^,.;:\"“”]{2,80})"),
    re.compile(rf"^(?P<who>(?:[Tt]he\s+)?[A-Z][\w.'’-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*[A-Z][\w.'’-]*){{0,6}})"
               rf"\s+{_SPEECH}\b"),
)
_PRONOUNS = frozenset("i you he she it we they this that".split())


def _opens_quote(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def asks_speaker(question: str) -> bool:
    """Whether ``question`` asks who said something ("who did say South Africa did not issue a visa
    on time?"), not what someone said ("Who does the ANC say should calm down?")."""
    return bool(_ASKS_SPEAKER.match(question))


def speaker(sentence: str) -> str | None:
    """Who a news sentence says said it: "his spokesman" of "The Dalai Lama scrapped his trip …, his
    spokesman said.", "Jessica Hardwick, SwapThing founder" of "…," said Jessica Hardwick, SwapThing
    founder", "Tutu" of "Tutu said he would pray …"; None when it names no one."""
    sentence = sentence.strip()
    for pattern in _SAID_BY:
        m = pattern.search(sentence)
        if m and m.group("who").strip().lower() not in _PRONOUNS:
            return m.group("who").strip()
    return None


_YES_NO = re.compile(r"^(yes|no|sí)\W*$", re.I)


def _join_yes_no(claims: list[str]) -> list[str]:
    """A bare "Yes." or "No." goes with the sentence after it, which is what the article can support."""
    out: list[str] = []
    for claim in claims:
        if out and _YES_NO.match(out[-1].strip()):
            out[-1] = f"{out[-1].strip()} {claim.strip()}"
        else:
            out.append(claim)
    return out


def _attach(sentence: str, marks: str) -> str:
    """Put citation marks before the sentence's closing punctuation: 'It rained [1].'"""
    m = re.search(r"[.!?…]+[\"”’')\]]*$", sentence)
    if m and not sentence.endswith(("”", '"')):
        return f"{sentence[:m.start()]} {marks}{sentence[m.start():]}"
    return f"{sentence} {marks}"


def is_refusal(text: str) -> bool:
    return bool(REFUSAL.search(text[:200]))
