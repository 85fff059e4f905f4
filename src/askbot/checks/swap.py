"""A swapped premise: where the answer (or the question) and the sentence answering it say the same
around one word, and the question's word is another ("failure" asked, "success" said; "minor" asked,
"major" said). Two names are always two things ("Prussia" for "Warsaw"); two words are, unless the
model says they are synonyms. Forms of one word ("wished", "Polish" for "Poland's") are never swaps."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..text import STOPWORDS, content_words, fold, is_yes_no, placed_words, root, words
from ..types import Refusal
from ..vocabulary import DEMONYMS, NUMBER_WORDS, SENTENCE_OPENERS, name_form, names_in, one_edit
from . import Check, Draft, register

# words that frame a question rather than state its premise ("Where is New Jersey located?" answered
# "New Jersey is located …" cited to "New Jersey is a state …")
_FRAME_WORDS = frozenset("name named called known located situated kind type sort".split())
# words a question's wording moves around: "how many minor hurricanes" is "two major hurricanes"
_FUNCTION_WORDS = STOPWORDS | SENTENCE_OPENERS | set(NUMBER_WORDS)


@dataclass(frozen=True)
class Swap:
    asked: str  # as the answer (or the question) spells it
    said: str  # as the article spells it
    names: bool  # both are names: another one, whatever the words mean


@register
class Swapped(Check):
    name = "swap"
    stage = "answer"
    languages = frozenset({"en"})

    def __call__(self, draft: Draft) -> Refusal | None:
        cited = draft.cited
        if cited is None or not cited.sentences or is_yes_no(draft.question):
            return None
        found = [] if cited.quoted else [sw for s, ids in zip(cited.sentences, cited.evidence)
                                         for sw in self.swaps(s.text, draft.question, list(ids))]
        found += self.premise_swaps(draft.question, [i for ids in cited.evidence for i in ids])
        differ = [sw for sw in dict.fromkeys(found) if sw.names or self.differ(sw)]
        return self.refuse("contradicted", *(sw.said for sw in differ)) if differ else None

    def differ(self, swap: Swap) -> bool:
        """Whether the model says the question's word is no synonym of the article's, surely enough
        ("failure" for "success": yes; "needed" for "required": no). Asked apart from the article."""
        generator = self.tools.generator
        if generator is None:
            return False
        reply = generator.stream(self.tools.prompter.synonym(swap.asked.lower(), swap.said.lower()), 1)
        said = reply.text()
        p = reply.refusal_p if reply.refusal_p is not None else float(said.strip().lower().startswith("no"))
        return p >= self.settings.max_swap_p

    def premise_swaps(self, question: str, evidence_ids: list[int]) -> list[Swap]:
        """Where ``question`` and the sentences answering it say the same around one word. A question
        is worded more freely than an answer, so only words alike in meaning count (antonyms are:
        "weak", "strong"), not ones lined up by chance ("appoints", "six-person"); nor function words."""
        found = self.swaps(question, question, evidence_ids, skip=_FUNCTION_WORDS)
        if not found:
            return []
        vectors = self.tools.evidence.embedder([w for sw in found for w in (sw.asked, sw.said)])
        return [sw for k, sw in enumerate(found)
                if float(vectors[2 * k] @ vectors[2 * k + 1]) >= self.settings.min_swap_likeness]

    def swaps(self, claim: str, question: str, evidence_ids: list[int], skip: frozenset[str] = STOPWORDS) -> list[Swap]:
        """Where ``claim`` and its evidence say the same around one word, and the claim's word is
        the question's while the evidence has another. Numbers and a name said for a description
        ("Warsaw" for "the city") are not swaps."""
        asked = set(words(question))
        if not asked:
            return []
        ev = self.tools.evidence
        known_names = self.tools.vocabulary.names
        said = set().union(*(ev.words[i] for i in evidence_ids)) if evidence_ids else set()
        ours = placed_words(claim)
        out: list[Swap] = []
        for i in evidence_ids:
            theirs = placed_words(ev.sentences[i].text)
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
                        or set(content_words(x)) & said or same_word(x, y)):
                    continue
                named = (x in known_names or x in names_in(question), y in known_names)
                if named[0] != named[1]:
                    continue
                out.append(Swap(ours[mine[0]][0], theirs[other[0]][0], named[0]))
        return out


def same_word(a: str, b: str) -> bool:
    """Two forms of one word: spellings ("recognized", "recognised"), inflections ("wish", "wished"),
    a stem ("Normandy", "Norman"), a country and its people ("Poland's", "Polish")."""
    a, b = name_form(a), name_form(b)
    return a[:5] == b[:5] or one_edit(a, b) or root(a) == root(b) or DEMONYMS.get(a) == b or DEMONYMS.get(b) == a
