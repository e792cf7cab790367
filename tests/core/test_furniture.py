"""Page notices the furniture rules mark `none`, and claim sentences with the same words that they leave alone."""
import pytest

from sourcemark.core.furniture import is_furniture
from sourcemark.core.labels import is_non_claim


@pytest.mark.parametrize("text", [
    # notices that the article was changed, and the labels of corrections
    "Editor's note: This article has been updated to include a response from the ministry.",
    "Update, 12 May: This story has been corrected.", "Corrections and clarifications", "Correction appended",
    # page controls and form messages
    "Already have an account? Log in", "Password must contain a number", "Something went wrong.", "Please try again.",
    "(AP Photo/Jon Marsh)", "Ines Duarte, Special to The Tribune",
    # live-blog sign-offs
    "That's all for tonight from our election team.", "We'll be back from 6am with the results.",
    "This live blog has now closed.", "We're wrapping up our live coverage here.", "As it happened",
    # subscription states, sign-up promises and offers
    "You're now signed up.", "This email address is already in use.", "Unsubscribe at any time.",
    "We will never share your email with third parties.", "Headlines, delivered straight to your inbox",
    "Your weekly round-up of what's on in Leeds.", "Stay up to date with the latest from Cork.",
    "Offer expires 31 May", "Join today for just £1 a week", "Paid partnership with Northwind Air",
    "Comments are disabled", "Comments closed",
    # privacy prompts and newsletter titles
    "We care about your privacy", "Okay, got it", "The week in science",
    # sub-heads naming a state of play or a reaction
    "Where things stand now", "What the critics say", "The fallout", "The bigger picture"])
def test_page_notices(text):
    assert is_furniture(text), text
    assert is_non_claim(text), text


@pytest.mark.parametrize("text", [
    "Update: Police have arrested a second man.", "Note: the figures exclude Northern Ireland.",
    "The ministry issued a correction on Friday after the figures were challenged.",
    "An earlier version of the bill was rejected by the Senate.",
    # what a correction says was wrong is a claim (the corpus labels it so)
    "Correction: An earlier version of this story gave the wrong date for the vote.",
    "A previous version of this report misstated the size of the fine.",
    "Passwords must be changed every 90 days, the bank told customers.", "Staff photographers walked out on Monday.",
    "Scam emails are landing in your inbox disguised as tax refunds.",
    "Offers of help poured in after the fire.", "The week in which the government fell began quietly.",
    "We will be back in court next month, the union's lawyer said.",
    "Comments by the minister were closed to the press.", "Stay-at-home orders ended in May.",
    "The reaction from investors was swift.", "Where the money went is still unclear."])
def test_claims_with_the_same_words(text):
    assert not is_furniture(text), text
    assert not is_non_claim(text), text


def caption_texts(text):
    from sourcemark.core import segment
    from sourcemark.core.furniture import captions
    spans = segment.sentences(text)
    return [text[spans[i].start:spans[i].end] for i in sorted(captions(text, spans))]


def test_a_caption_ended_by_its_credit_is_furniture():
    text = ("Storm closes ports\n\nThe storm closed three ports on Monday, the coastguard said.\n\n"
            "Waves break over the harbour wall in Dover on Monday. Photograph: Ana Ruiz/Reuters\n\n"
            "Ferries will resume on Wednesday.")
    assert caption_texts(text) == ["Waves break over the harbour wall in Dover on Monday.",
                                   "Photograph: Ana Ruiz/Reuters"]


def test_a_credit_alone_or_after_a_long_paragraph_makes_no_caption():
    long_paragraph = "The council voted on Monday to close the bridge. " * 6
    assert caption_texts(long_paragraph + "Photo: Council handout") == []
    assert caption_texts("The bridge closed in March.\nPhoto: Council handout") == []   # credit on its own line
    assert caption_texts("The bridge closed in March. Police said it was unsafe.") == []
