"""Embedded posts: signature lines, the post text above them, and the analysis that attributes it."""
import pytest

from sourcemark.core.embeds import embedded_posts, is_signature
from sourcemark.core.segment import sentences
from sourcemark.runtime.analyze import analyze


@pytest.mark.parametrize("line", [
    "— Jane Cole (@janecole) September 27, 2016",
    "— Donald J. Trump (@realDonaldTrump) Sep 27, 2016",
    "—  Met Office (@metoffice) 3 March 2024",
    "– Jane Cole (@jane.bsky.social) March 3, 2025",
    "― Rep. Ann Ruiz (@RepRuiz)",
    "A post shared by Taylor Swift (@taylorswift) on Mar 3, 2024 at 5:01pm PST",
])
def test_signature_lines(line):
    assert is_signature(line)


@pytest.mark.parametrize("line", [
    "— Sonya Herridge",                                     # a pull quote's speaker: rule 2's business
    "— Mark Ellis, 54, Tampa",
    "Follow Jane Cole on Twitter @janecole.",
    "The senator (@janecole) posted the video on Monday.",  # a handle inside a sentence
    "— Jane Cole (@janecole) September 27, 2016. She deleted it an hour later.",
])
def test_lines_that_are_not_signatures(line):
    assert not is_signature(line)


def posts_of(text):
    spans = sentences(text)
    posts, signatures = embedded_posts(text, spans)
    piece = lambda i: text[spans[i].start:spans[i].end]
    return sorted(piece(i) for i in posts), sorted(piece(i) for i in signatures)


def test_the_post_is_the_block_above_its_signature():
    text = ("The senator replied within minutes.\n\nThe deal is a disaster. We will fight it.\n"
            "— Jane Cole (@janecole) September 27, 2016\n\nThe vote is on Thursday.")
    assert posts_of(text) == (["The deal is a disaster.", "We will fight it."],
                              ["— Jane Cole (@janecole) September 27, 2016"])


def test_one_blank_line_may_part_a_post_from_its_signature_but_not_two_paragraphs():
    text = ("Prices rose in May.\n\nShe posted a reply.\n\nNot true. Read the report.\n\n"
            "— Jane Cole (@janecole) May 3, 2024")
    assert posts_of(text)[0] == ["Not true.", "Read the report."]


def test_a_long_block_above_a_signature_is_not_taken_for_a_post():
    paragraph = " ".join(f"The council met on day {i} and agreed the budget line by line." for i in range(12))
    assert posts_of(paragraph + "\n— Jane Cole (@janecole) May 3, 2024")[0] == []


def test_two_posts_in_a_row_each_end_at_the_other_signature():
    text = ("First post here.\n— A (@a) May 3, 2024\nSecond post here.\n— B (@b) May 4, 2024")
    assert posts_of(text)[0] == ["First post here.", "Second post here."]


class Opinionated:
    """A model that reads every sentence as the writer's opinion, as a post read alone looks."""
    name, version, labels = "fake", "0", ["sourced", "unsourced", "opinion", "none"]

    def predict(self, sentences, contexts=None):
        return [{"sourced": 0.05, "unsourced": 0.1, "opinion": 0.8, "none": 0.05} for _ in sentences]


def test_analysis_attributes_the_post_and_drops_its_signature():
    text = ("The senator replied within minutes.\n\nThe deal is a disaster for working families.\n"
            "— Jane Cole (@janecole) September 27, 2016\n\nIt is a bad deal.")
    by_text = {s["text"]: s for s in analyze(text, Opinionated())["sentences"]}
    post = by_text["The deal is a disaster for working families."]
    assert (post["label"], post["rule"], post["confidence"]) == ("sourced", "embedded_post", 0.95)
    assert post["scores"]["opinion"] == 0.8  # the model's own scores are kept
    signature = by_text["— Jane Cole (@janecole) September 27, 2016"]
    assert (signature["label"], signature["rule"]) == ("none", "not_a_claim")
    # The writer's own sentences around the post keep the model's label.
    assert by_text["It is a bad deal."]["label"] == "opinion" and "rule" not in by_text["It is a bad deal."]
    assert by_text["The senator replied within minutes."]["label"] == "opinion"


def test_a_real_embedded_tweet_as_the_extension_sends_it():
    """Readability's test page 001 (extension/test/pages/001): a tweet in a blockquote, extracted by
    content/extract.js with a blank line between the post's paragraph and its signature."""
    text = ("Actually I've only found one which provides an adapter for Mocha and actually works…\n\n"
            "Drinking game for web devs:\n(1) Think of a noun\n(2) Google \"<noun>.js\"\n"
            "(3) If a library with that name exists - drink\n\n— Shay Friedman (@ironshay) August 22, 2013\n\n"
            "Blanket.js is an easy to install, easy to configure, and easy to use JavaScript code coverage library.")
    posts, signatures = posts_of(text)
    assert signatures == ["— Shay Friedman (@ironshay) August 22, 2013"]
    assert "(3) If a library with that name exists - drink" in posts and "Drinking game for web devs:" in "".join(posts)
    assert not any("Mocha" in p or "Blanket" in p for p in posts)
