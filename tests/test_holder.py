from askbot.holder import restored


SOURCE = ("Honduras is led by Juan Orlando Hernández, whose brother was sentenced in March to life in prison "
          "in the U.S. on drug trafficking charges.")


def test_a_dropped_brother_is_given_back():
    answer = "Juan Orlando Hernández was sentenced to life in prison in the U.S. on drug trafficking charges."
    assert restored(answer, SOURCE) == ("Juan Orlando Hernández’s brother was sentenced to life in prison in the "
                                        "U.S. on drug trafficking charges.")


def test_a_possessive_keeps_its_words_and_its_apostrophe():
    source = "Officials said Smith's younger brother was arrested on Friday."
    assert restored("Smith was arrested on Friday.", source) == "Smith's younger brother was arrested on Friday."


def test_what_the_evidence_says_of_the_name_itself_is_left_alone():
    assert restored("Juan Orlando Hernández leads Honduras.", SOURCE) == "Juan Orlando Hernández leads Honduras."
    source = "Smith's brother was arrested, and Smith was arrested a day later."
    assert restored("Smith was arrested a day later.", source) == "Smith was arrested a day later."


def test_a_sentence_that_already_says_whose_is_unchanged():
    answer = "Hernández’s brother was sentenced to life in prison."
    assert restored(answer, SOURCE) == answer
    assert restored("Hernández's brother was sentenced.", "Hernández's brother was sentenced.") == \
        "Hernández's brother was sentenced."


def test_a_name_in_a_title_is_no_possession():
    source = "The Women's Cup was held in Paris."
    assert restored("Women was held in Paris.", source) == "Women was held in Paris."  # "Cup" is no lower-case noun


def test_his_brother_is_said_of_the_one_the_evidence_names():
    answer = "His brother was sentenced in March to life in prison in the U.S. on drug trafficking charges."
    assert restored(answer, SOURCE) == ("Hernández’s brother was sentenced in March to life in prison in the U.S. "
                                        "on drug trafficking charges.")
    assert restored(answer, SOURCE, pronouns=False) == answer
    source = "Petty died surrounded by family, including Petty's wife Dana and daughter Adria."
    assert restored("Petty was with his wife Dana and daughter Adria.", source) == \
        "Petty was with his wife Dana and daughter Adria."  # the answer names him itself


def test_a_pronoun_is_said_as_the_name_its_evidence_says_it_of():
    from askbot.holder import named_subject

    source = "Harris, he said, is open to the idea, and is also expected to announce plans."
    assert named_subject("He is open to the idea.", source) == "Harris is open to the idea."
    assert named_subject("She is open to the idea.", "But Harris is open to the idea.") == "Harris is open to the idea."
    source = "But rarely have two leaders worked together as Roosevelt and Churchill first met when they were young."
    assert named_subject("They first met when they were young.", source) == \
        "Roosevelt and Churchill first met when they were young."
    assert named_subject("He first met when they were young.", source) == "He first met when they were young."
    # the source says it of a pronoun too, or of no one: left as it is
    assert named_subject("He is open to the idea.", "Giammattei said he is open to the idea.") == \
        "He is open to the idea."
    assert named_subject("He is ready to extradite them.", "Harris is open to the idea.") == \
        "He is ready to extradite them."
