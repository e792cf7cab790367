from sourcemark.core.segment import blocks, sentences


def texts(text):
    return [text[s.start:s.end] for s in sentences(text)]


def test_abbreviations_times_and_decimals_do_not_split():
    text = "Mr. Smith met U.S. officials at 3 p.m. on Monday. Prices rose 2.5 percent."
    assert texts(text) == ["Mr. Smith met U.S. officials at 3 p.m. on Monday.", "Prices rose 2.5 percent."]


def test_am_pm_before_a_weekday_is_not_a_sentence_end():
    text = "Dr. Jane Doe spoke at 10 a.m. Tuesday. The meeting ended."
    assert texts(text) == ["Dr. Jane Doe spoke at 10 a.m. Tuesday.", "The meeting ended."]


def test_initials_and_ellipses():
    assert texts("J. R. R. Tolkien wrote books. He died in 1973.") == [
        "J. R. R. Tolkien wrote books.", "He died in 1973."]
    assert texts("He paused... Then he left.") == ["He paused...", "Then he left."]


def test_quotes_ending_with_period_inside():
    text = 'He said "no." Then she said “yes.” It ended'
    assert texts(text) == ['He said "no."', "Then she said “yes.”", "It ended"]


def test_no_final_punctuation():
    assert texts("Markets tumble as rates rise") == ["Markets tumble as rates rise"]


def test_blank_lines_and_headings_are_boundaries():
    text = "Storm hits coast\nThe storm arrived at dawn. Roads closed.\n\nPhoto: A. Person\n- First item\n- Second item"
    got = texts(text)
    assert got == ["Storm hits coast", "The storm arrived at dawn.", "Roads closed.", "Photo: A. Person",
                   "- First item", "- Second item"]
    assert [s.block for s in sentences(text)] == [0, 1, 1, 2, 3, 4]


def test_soft_wrapped_lines_join_one_sentence():
    text = ("The council said on Tuesday that it would review the\n"
            "budget again next month. It gave no reason.")
    assert texts(text) == [
        "The council said on Tuesday that it would review the\nbudget again next month.", "It gave no reason."]


def test_crlf_and_surrounding_whitespace_are_excluded():
    text = "  First sentence here.\r\n\r\nSecond one follows.  \r\n"
    spans = sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["First sentence here.", "Second one follows."]
    assert all("\r" not in text[s.start:s.end] for s in spans)


def test_spans_are_ordered_and_disjoint():
    text = "One. Two two. Three three three.\n\nFour? Five! Six…"
    spans = sentences(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_blocks_of_empty_text():
    assert blocks("") == [] and sentences("   \n\n ") == []
