"""Page notices the furniture rules mark `none`, and claim sentences with the same words that they leave alone."""
import pytest

from sourcemark.furniture import is_furniture
from sourcemark.labels import is_non_claim


@pytest.mark.parametrize("text", [
    # corrections and editor's notes about the article itself
    "Correction: An earlier version of this story gave the wrong date for the vote.",
    "Editor's note: This article has been updated to include a response from the ministry.",
    "Clarification (12 May): This piece misidentified the chair of the committee.",
    "A previous version of this report misstated the size of the fine.", "Corrections and clarifications",
    "We apologise for the error.",
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
    "Scam emails are landing in your inbox disguised as tax refunds.",
    "Offers of help poured in after the fire.", "The week in which the government fell began quietly.",
    "We will be back in court next month, the union's lawyer said.",
    "Comments by the minister were closed to the press.", "Stay-at-home orders ended in May.",
    "The reaction from investors was swift.", "Where the money went is still unclear."])
def test_claims_with_the_same_words(text):
    assert not is_furniture(text), text
    assert not is_non_claim(text), text
