"""Question sub-heads and short headlines: told apart by their place on the page and headline verbs."""
from types import SimpleNamespace

import pytest

from sourcemark.core import segment
from sourcemark.runtime.analyze import analyze
from sourcemark.core.headings import is_headline_clause, is_question_subhead, question_subheads


def subhead_texts(text):
    spans = segment.sentences(text)
    return [text[spans[i].start:spans[i].end] for i in sorted(question_subheads(text, spans))]


EXPLAINER = ("Court strikes down fuel levy\n\n"
             "The high court ruled on Monday that the levy breached the constitution.\n\n"
             "What does the ruling mean?\n\n"
             "Drivers will stop paying the levy from next month, the treasury said.\n\n"
             "Why now?\n"
             "The case was brought two years ago by a group of hauliers.")


def test_question_lines_followed_by_an_answer_are_subheads():
    assert subhead_texts(EXPLAINER) == ["What does the ruling mean?", "Why now?"]


def test_a_question_line_sent_alone_is_a_subhead():
    assert subhead_texts("Who is eligible?") == ["Who is eligible?"]


@pytest.mark.parametrize("text", [
    # inside a paragraph, the question is the writer's
    "The council spent £4m. Why now? Nobody at the town hall will say.",
    # a columnist's closing question, and a run of questions, argue rather than label
    "The plan was dropped in March.\n\nWill anything change?",
    "Who pays?\nWho decides?\nThe answer to both is the ministry, which has said nothing.",
    # followed by a short line, not a paragraph; or the first line, where a question is the headline
    "The plan was dropped.\n\nWhat happens next?\nPhoto: Getty",
    "Is this the end of cheap flights?\n\nFares rose 12% this year, the regulator said on Monday.",
])
def test_questions_that_are_not_placed_as_subheads(text):
    assert subhead_texts(text) == []


@pytest.mark.parametrize("line", [
    "What does the ruling mean?", "Why now?", "Who is Amara Okafor?", "How much will it cost?",
    "Is the water safe to drink?", "What’s next?", "Can the deal survive?"])
def test_subhead_shapes(line):
    assert is_question_subhead(line)


@pytest.mark.parametrize("line", [
    # rhetorical: the words a columnist argues with
    "Who could blame them?", "Why should taxpayers foot the bill?", "Is it any wonder the buses are empty?",
    "So what, exactly, is the department waiting for?", "Why isn't every hospital screening patients?",
    "What did we expect?", "Does it really matter?",
    # quoted, spoken, or not a question at all
    "\"Why did nobody warn us?\" asked one resident.", "Q: Where do you stand on cash bail?",
    "What happens next is up to the court.", "Why? Because the money ran out.",
    "Why are ministers spending so much on consultants when the wards have no nurses at all?"])
def test_rhetorical_quoted_and_long_questions_are_not_subhead_shaped(line):
    assert not is_question_subhead(line)


def test_spans_need_only_start_and_end():
    text = "Levy struck down\nWhy now?\nThe case was brought two years ago by hauliers."
    spans = [SimpleNamespace(start=0, end=16), SimpleNamespace(start=17, end=25),
             SimpleNamespace(start=26, end=len(text))]
    assert question_subheads(text, spans) == {1}


@pytest.mark.parametrize("text", [
    "Talks resume", "Rents soar", "Pound slides", "Bypass approved", "Flood warnings issued", "Keeper banned",
    "MAYOR QUITS", "Two arrested", "Rupee tumbles", "Club relegated", "Bridge shut"])
def test_headline_clauses(text):
    assert is_headline_clause(text)


@pytest.mark.parametrize("text", [
    "Start your free trial", "Sandra Okoye, Marsh End", "The fine print", "The end", "Latest issue", "UK politics", "Stay informed",
    "Sign up", "Get started", "Link copied", "Live: Markets tumble", "Why prices rise?", "Home > Markets > Rates", "Talks"])
def test_lines_that_are_not_headline_clauses(text):
    assert not is_headline_clause(text)


class NoneForShortLines:
    """A model whose `none` class wins on every short line, as 1.3.0's does on some headlines."""
    name, version, labels = "fake", "0", ["sourced", "unsourced", "opinion", "none"]

    def __init__(self):
        self.seen = []

    def predict(self, sentences, contexts=None):
        self.seen += sentences
        return [{"sourced": 0.1, "unsourced": 0.25, "opinion": 0.05, "none": 0.6} if len(s.split()) < 4 else
                {"sourced": 0.1, "unsourced": 0.8, "opinion": 0.05, "none": 0.05} for s in sentences]


def test_analysis_drops_subheads_and_captions_before_the_model_and_keeps_headlines_as_claims():
    model = NoneForShortLines()
    caption = "Hauliers outside the court on Monday. Photo: Ana Ruiz/Reuters"
    result = analyze("Talks resume\n\n" + EXPLAINER + "\n\n" + caption + "\n\nUK politics", model)
    by_text = {s["text"]: s for s in result["sentences"]}
    assert "Why now?" not in model.seen and by_text["Why now?"]["rule"] == "not_a_claim"
    assert by_text["What does the ruling mean?"]["label"] == "none"
    assert by_text["Talks resume"]["label"] == "unsourced" and by_text["Talks resume"]["confidence"] == 0.25
    assert by_text["UK politics"]["label"] == "none"        # no headline verb: the model's `none` stands
    assert by_text["Hauliers outside the court on Monday."]["rule"] == "not_a_claim"   # a caption with its credit
