import pytest

from askbot.checks import Tools
from askbot.checks.swap import Swap, Swapped, same_word
from askbot.citing import Citer
from askbot.evidence import ArticleEvidence
from askbot.retrieval import Retriever
from askbot.settings import Settings
from askbot.vocabulary import Vocabulary


def _swap_check(index, embedder, **settings):
    evidence, vocabulary = ArticleEvidence(index, embedder), Vocabulary(index.article.text)
    check = Swapped(Tools(evidence, vocabulary, None, None, Settings(**settings)))
    return check, Citer(evidence, vocabulary)


def test_a_word_the_answer_takes_from_the_question_where_its_evidence_says_another_is_a_swap(fake_embedder):
    from askbot.article import load_article
    from askbot.chunking import Chunker
    from askbot.index import ArticleIndex

    text = ("The success of any pathogen depends on its ability to elude host immune responses.\n\n"
            "New Jersey is a state in the Northeastern region of the United States.\n\n"
            "Warsaw gained the title of the Phoenix City because it survived many wars.\n\n"
            "Visitors from Prussia see the old town of Warsaw.\n\n"  # names: capitalised mid-sentence
            "The principle has been recognised since the 1960s.")
    index = ArticleIndex.build(load_article(text), Chunker(max_sentences=1), fake_embedder)
    check, citer = _swap_check(index, fake_embedder)

    def swaps(answer, question):
        cited = citer(answer, question, Retriever(index, fake_embedder)(question))
        return [sw for s, ids in zip(cited.sentences, cited.evidence) for sw in check.swaps(s.text, question, list(ids))]

    pathogen = "The failure of any pathogen depends on its ability to elude host immune responses."
    assert swaps(pathogen, "What does the failure of a pathogen depend on?") == [Swap("failure", "success", False)]
    assert swaps(pathogen.replace("failure", "success"), "What does the success of a pathogen depend on?") == []
    assert swaps(pathogen, "") == []  # no question: nothing taken from it
    assert swaps("Prussia gained the title of the Phoenix City because it survived many wars.",
                 "Why did Prussia gain the title of the Phoenix City?") == [Swap("Prussia", "Warsaw", True)]
    # a description for a name, a word framing the question, another spelling: no swaps
    assert swaps("The city gained the title of the Phoenix City because it survived many wars.",
                 "Why did the city gain the title of the Phoenix City?") == []
    assert swaps("New Jersey is located in the Northeastern region of the United States.",
                 "Where is New Jersey located?") == []
    assert swaps("The principle has been recognized since the 1960s.",
                 "Since when has the principle been recognized?") == []


def test_a_word_the_question_says_where_the_sentence_answering_it_says_another_is_a_premise_swap(fake_embedder):
    from askbot.article import load_article
    from askbot.chunking import Chunker
    from askbot.index import ArticleIndex

    text = ("Two major hurricanes last fall devastated portions of Guatemala.\n\n"
            "Forces have sizes dependent upon how strong the push or pull is.")
    index = ArticleIndex.build(load_article(text), Chunker(max_sentences=1), fake_embedder)
    g, _ = _swap_check(index, fake_embedder, min_swap_likeness=-1.0)
    strict, _ = _swap_check(index, fake_embedder)
    # the question's wording ("how many") lines up with the answer ("Two"): only "minor" is another word
    q = "How many minor hurricanes devastated portions of Guatemala last fall?"
    assert g.premise_swaps(q, [0]) == [Swap("minor", "major", False)]
    assert g.premise_swaps(q.replace("minor", "major"), [0]) == []
    assert g.premise_swaps("What has sizes depending on how weak the push or pull is?", [1]) == [Swap("weak", "strong", False)]
    # words unlike in meaning are taken for a looser wording, not a swap (the fake embedder finds
    # any two words unlike; MiniLM puts "minor" and "major" at 0.55: see test_end_to_end)
    assert strict.premise_swaps(q, [0]) == []


@pytest.mark.parametrize("a, b, same", [
    ("wish", "wished", True), ("living", "lived", True), ("recognized", "recognised", True),
    ("poland's", "polish", True), ("normandy", "norman", True), ("us's", "american", True),
    ("minor", "major", False), ("weak", "strong", False), ("prussia", "warsaw", False),
])
def test_forms_of_one_word_are_not_two_words(a, b, same):
    assert same_word(a, b) is same
