import pytest

from askbot.conversation import (QueryRewriter, entities, expand_ellipsis, looks_like_person, needs_context,
                                 normalize_history)
from askbot.types import Turn


def test_first_question_is_its_own_query():
    assert QueryRewriter()("Who leads  Honduras?", []) == "Who leads Honduras?"


def test_possessive_pronoun_is_resolved_to_the_person():
    history = [Turn("Who leads Honduras?", "Honduras is led by Juan Orlando Hernández [1].")]
    assert QueryRewriter()("what happened to his brother?", history) == "what happened to Juan Orlando Hernández’s brother?"


def test_subject_pronoun_is_resolved():
    history = [Turn("Who is Mary McInerney?", "Mary McInerney is country director for Save the Children [1].")]
    assert QueryRewriter()("What does she say people want?", history) == "What does Mary McInerney say people want?"


def test_the_most_mentioned_name_is_the_subject():
    history = [Turn("What did Ben Stein do in 1970?", "Stein wrote speeches for Richard Nixon."),
               Turn("Did Stein write books?", "Yes, Stein wrote novels.")]
    assert QueryRewriter()("Did he have any best sellers?", history) == "Did Ben Stein have any best sellers?"


def test_question_without_pronouns_is_left_alone():
    history = [Turn("Who leads Honduras?", "Juan Orlando Hernández [1].")]
    assert QueryRewriter()("Why do people leave Guatemala?", history) == "Why do people leave Guatemala?"


def test_entities_skip_question_words():
    assert entities("Who is Mary McInerney?") == ["Mary McInerney"]


def test_a_common_word_opening_a_sentence_is_no_part_of_a_name():
    assert entities("Now, when the little squirrel came back, she ate.") == []
    assert entities("He left. Without Tom Seaton they stayed.") == ["Tom Seaton"]
    assert entities("Four of them met Bill Gates.") == ["Bill Gates"]
    assert entities("Sometimes Joey gets dry.") == ["Sometimes Joey"]
    assert entities("Sometimes Joey gets dry.", lower=frozenset({"sometimes"})) == ["Joey"]  # the article's own usage
    assert entities("They met in New York.") == ["New York"]  # inside a sentence, a name's words are all kept


def test_a_follow_up_is_not_about_a_sentence_opener():
    rewriter = QueryRewriter()
    history = [Turn("What did the squirrel do?", "Now, when the squirrel with three legs came, the lady fed him.")]
    assert rewriter("Was he hungry?", history) == "Was he hungry?"  # not "Was Now hungry?"


@pytest.mark.parametrize("history", [
    [("q", "a")],
    [{"question": "q", "answer": "a"}],
    [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
    [Turn("q", "a")],
])
def test_history_formats(history):
    assert normalize_history(history) == [Turn("q", "a")]


def test_bad_history_item_is_named():
    with pytest.raises(TypeError, match="int"):
        normalize_history([3])


def test_possessive_names_are_not_doubled():
    history = [Turn("What did Wahid's early career consist of?", "Wahid's early career was journalism [1].")]
    assert QueryRewriter()("When did his career start?", history) == "When did Wahid’s career start?"


def test_names_do_not_run_on_across_sentences():
    assert entities("He moved to Canada. He sang with Mr. Bean. In 1990 J. R. Smith left.") == [
        "Canada", "Bean", "J. R. Smith"]  # titles are not part of the name


def test_they_is_resolved_to_a_group_and_he_to_a_person():
    history = [Turn("Who formed the Mothers of Invention?", "Frank Zappa formed the Mothers of Invention.")]
    rewriter = QueryRewriter()
    assert rewriter("When did they break up?", history) == "When did Mothers of Invention break up?"
    assert rewriter("Where was he born?", history) == "Where was Frank Zappa born?"


def test_the_articles_subject_stands_in_when_the_conversation_names_nobody():
    rewriter = QueryRewriter(topic="Afrika Bambaataa")
    assert rewriter("When did he first start singing", []) == "When did Afrika Bambaataa first start singing"
    assert rewriter("What was Bambaataa's first hit?", []) == "What was Afrika Bambaataa's first hit?"
    assert QueryRewriter()("When did he first start singing", []) == "When did he first start singing"


def test_he_means_the_articles_subject_unless_the_reader_just_asked_about_someone_else():
    rewriter = QueryRewriter(topic="Ken Norton")
    history = [Turn("Who did Norton fight in 1967?", "He fought Jose Luis Garcia, who knocked Jose Luis Garcia down.")]
    assert rewriter("Was he married?", history) == "Was Ken Norton married?"
    history.append(Turn("Who was Eddie Futch?", "Eddie Futch was a trainer who worked with Norton."))
    assert rewriter("Where was he from?", history) == "Where was Eddie Futch from (Ken Norton)?"


def test_a_follow_up_naming_no_subject_is_about_the_articles():
    rewriter = QueryRewriter(topic="Vicente Fernández")
    history = [Turn("When did he start singing?", "In 1966.")]
    assert rewriter("What happened in 1969?", history) == "What happened in 1969 (Vicente Fernández)?"
    assert rewriter("Did Fernandez have a label?", history) == "Did Fernandez have a label?"  # named without accents
    assert rewriter("What happened in 1969?", []) == "What happened in 1969?"  # a first question is left as asked
    assert QueryRewriter()("What happened in 1969?", history) == "What happened in 1969?"
    guessed = QueryRewriter(topic="Vicente Fernández", topic_given=False)  # the chat guesses its main person
    assert guessed("What happened in 1969?", history) == "What happened in 1969?"
    assert guessed("Was he married?", history) == "Was Vicente Fernández married?"
    assert guessed("Did Fernández win?", []) == "Did Fernández win?"


@pytest.mark.parametrize("question, leans", [
    ("What color was it?", True), ("Why?", True), ("What happened after that?", True),
    ("Who else was there?", True), ("From which previous entities?", True), ("Who is Mary McInerney?", False),
    ("When did the Harbor Bridge reopen?", False)])
def test_which_follow_ups_lean_on_the_conversation(question, leans):
    assert needs_context(question) is leans


def test_a_shortened_name_is_said_in_full():
    history = [Turn("Who is Miles Dempsey?", "Miles Dempsey was a British general.")]
    assert QueryRewriter()("What did Dempsey study?", history) == "What did Miles Dempsey study?"
    assert QueryRewriter()("what did dempsey study", history) == "what did Miles Dempsey study"
    assert QueryRewriter()("Did he visit the dempsey farm?", history) == "Did Miles Dempsey visit the dempsey farm?"
    history = [Turn("Who ran against her?", "John A. Burns ran against Mink.")]
    assert QueryRewriter()("Did John Burns get elected?", history) == "Did John A. Burns get elected?"
    history = [Turn("Who is Thomas de Maiziere?", "Thomas de Maiziere is a German minister.")]
    assert QueryRewriter()("Who was Lothar de Maiziere?", history) == "Who was Lothar de Maiziere?"  # another name


def test_a_title_in_an_answer_is_not_taken_for_the_person():
    history = [Turn("What were some of his hits?",
                    'Some of Afrika Bambaataa\'s hits include "AEIOU Sometimes Y," "Planet Rock," and "Turntablism."')]
    assert not looks_like_person("AEIOU Sometimes Y")
    assert "of Afrika Bambaataa" not in entities("did they make a lot of money, some of Afrika Bambaataa fans asked")
    assert QueryRewriter()("did he do concerts", history) == "did Afrika Bambaataa do concerts"


def test_a_yes_or_no_answer_does_not_start_a_name():
    history = [Turn("Was Wahid a journalist?", "No\nWahid wrote for Tempo and Kompas.")]  # a reply as the model gives it
    assert entities("Yes Bath Abbey was built there.")[0] == "Bath Abbey"
    assert QueryRewriter()("Did he get any awards?", history) == "Did Wahid get any awards?"


def test_a_fragment_continues_the_last_question():
    asked = [Turn("What is to its east?", "Belarus and Ukraine.")]
    assert expand_ellipsis("To its northwest?", asked) == "What is to its northwest?"
    asked.append(Turn("To its northwest?", "Masovian Voivodeship."))
    assert expand_ellipsis("How about to the south?", asked) == "What is to the south?"  # the last one, in full
    assert expand_ellipsis("And from 1990 to 1999?", [Turn("What happened in 1949?", "Bonn became the capital.")]) == (
        "What happened from 1990 to 1999?")  # no "from" before: the last phrase goes
    assert QueryRewriter()("To its northwest?", asked[:1]) == "What is to its northwest?"
    many = asked[:1] + [Turn("To its west?", "x")] * 5000  # a long chain is not followed to its start
    assert expand_ellipsis("To its south?", many) == "To its south?"


def test_a_question_word_alone_is_asked_of_the_last_answer_or_unanswered_question():
    assert expand_ellipsis("and when?", [Turn("Who succeeded Lenin?", "Stalin succeeded Lenin [1].")]) == (
        "Stalin succeeded Lenin. When?")
    assert expand_ellipsis("How many?", [Turn("Did it have legs?", "Yes. It had three legs [1].")]) == (
        "Yes. It had three legs. How many?")
    assert expand_ellipsis("What?", [Turn("Did he bring anything?", "The article doesn't say.")]) == (
        "Did he bring anything? What?")
    assert expand_ellipsis("¿Por qué?", [Turn("¿Qué hizo?", "Se fue [1].")]) == "Se fue. ¿Por qué?"
    assert expand_ellipsis("Why not?", [Turn("Says who?", "Sam [1]")]) == "Sam. Why not?"
    assert expand_ellipsis("Why?", []) == "Why?"
    # a question translated for the search, after a conversation in Spanish, stays as it is
    assert expand_ellipsis("Where?", [Turn("¿Quién es ella?", "Es directora de una organización benéfica [1].")]) == "Where?"
    assert QueryRewriter()("Where?", [Turn("What did he cause?", "A famine [1].")]) == "A famine. Where?"


@pytest.mark.parametrize("question", ["By who?", "Since when?", "To what?", "In what land zone?",
                                      "To the east of the river, what lies?", "What is to its west?"])
def test_questions_that_are_not_fragments_stay_as_asked(question):
    assert expand_ellipsis(question, [Turn("What is to its east?", "Belarus.")]) == question
    assert expand_ellipsis("To its northwest?", []) == "To its northwest?"
