"""Multi-sentence quotations: the runs found, and the guide's rule 2 applied to the model's labels."""
from sourcemark.core.quotes import attributed_quotes, quote_runs
from sourcemark.core.segment import sentences


def runs(text):
    spans = sentences(text)
    return [[text[spans[i].start:spans[i].end] for i in range(a, b + 1)] for a, b in quote_runs(text, spans)]


def test_typographic_quote_over_three_sentences():
    text = "She spoke on Monday. “This is a disaster. We must act. Nobody listened,” she said. It rained."
    assert runs(text) == [["“This is a disaster.", "We must act.", "Nobody listened,” she said."]]


def test_quotes_inside_one_sentence_make_no_run():
    assert runs("“We were not consulted,” a spokesperson said. He called it “a farce”. It rained.") == []


def test_straight_quotes_and_apostrophes():
    text = 'Then she said "it is over. Done." They don’t agree. He left.'
    assert runs(text) == [['Then she said "it is over.', 'Done."']]
    # An apostrophe inside a word does not close a single-quoted quotation.
    uk = "‘We don’t accept it. We never will,’ the union said. Talks resume today."
    assert runs(uk) == [["‘We don’t accept it.", "We never will,’ the union said."]]


def test_a_quote_left_open_ends_at_the_paragraph():
    text = "He went on. “We will fight. We will win.\n\n“And we will not stop.” He left."
    assert runs(text) == [["“We will fight.", "We will win."]]


def test_rule_lends_the_attribution_to_the_quotes_other_sentences():
    text = "“This is a disaster. We must act now,” she said. The vote is on Friday. Prices rose."
    spans = sentences(text)
    predictions = {0: {"sourced": 0.9, "opinion": 0.1}, 1: {"sourced": 0.2, "opinion": 0.8},
                   2: {"unsourced": 0.9, "sourced": 0.1}, 3: {"unsourced": 1.0}}
    # Only the quote's other sentence changes; the unsourced sentence after the quote keeps its label.
    assert len(spans) == 4 and attributed_quotes(text, spans, predictions) == {1: 0.9}
    predictions[0], predictions[1] = {"sourced": 0.2, "opinion": 0.8}, {"sourced": 0.95, "opinion": 0.05}
    assert attributed_quotes(text, spans, predictions) == {0: 0.95}


def test_rule_needs_an_attributed_sentence_in_or_beside_the_quote():
    text = "It rained. “This is a disaster. We must act now.” Prices rose."
    spans = sentences(text)
    predictions = {i: {"opinion": 0.9, "sourced": 0.1} for i in range(len(spans))}
    assert attributed_quotes(text, spans, predictions) == {}
    predictions[3] = {"sourced": 0.7, "opinion": 0.3}  # the speaker named right after the quote
    assert attributed_quotes(text, spans, predictions) == {1: 0.7, 2: 0.7}
