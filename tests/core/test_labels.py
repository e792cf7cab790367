import pytest

from sourcemark.core.furniture import is_furniture, is_short_clause
from sourcemark.core.labels import counts, is_non_claim


@pytest.mark.parametrize("text", [
    "By Jane Doe", "By Jane Doe and Tom Li, Staff Writers", "Share this article", "Sign up for our newsletter",
    "Advertisement", "Comments (14)", "LONDON —", "WASHINGTON (AP) —", "10:42 GMT", "Photo: Getty Images",
    "Read more: the full report", "©2026 The Daily Example", "MADRID", "ROME, Oct 3 (Reuters) -"])
def test_non_claims(text):
    assert is_non_claim(text)


@pytest.mark.parametrize("text", [
    "Prices rose.", "By the way, this plan is doomed.", "By Tuesday, the council had voted.",
    "Unemployment fell to 4.1 percent in March.", "Share prices fell sharply on Monday.",
    # Very short headlines are claims too (guide, decision 9).
    "Markets tumble", "Senator quits", "Fares rise", "Bridge closed", "Rovers 3-1 Albion", "MINISTER RESIGNS",
    "PORT STRIKE ENDS."])
def test_claims(text):
    assert not is_non_claim(text)


# Page furniture of every kind the guide names (decision 8), in wordings the furniture set does not use.
@pytest.mark.parametrize("text", [
    # bare dates and times, alone or stamped
    "Thursday 9 October 2025", "Oct. 9, 2025 at 6:02 p.m. ET", "Updated: 9 October 2025 18:02 BST",
    "Posted 45 minutes ago", "First published Thu 9 Oct 2025 06.00 BST", "09/10/2025 18:02", "19:45 CET — Polls close",
    # credits and media widgets
    "Photograph: Kim Lee/Harbour Images", "(Photo credit: Hale Studio)", "Maria Voss/AFP via Getty Images",
    "Image 3 of 9", "Video, 02:31", "Illustration by Tom Baird",
    # bylines and author furniture
    "Reporting by Ana Ruiz; editing by Paul Kent", "By Lena Park | Health reporter", "Anil Rao, Chief Political Correspondent",
    "Follow Anil on Instagram @anilrao", "More from Lena Park", "Nadia Haas is a freelance journalist based in Vienna.",
    # forms, prompts, consent and notices
    "Enter your email to get the newsletter", "Already registered? Sign in here", "Comments are now closed.",
    "By subscribing you accept our privacy notice.", "We use cookies to personalise content and ads.",
    "You have read 4 of 4 free articles.", "This story was updated on 2 May 2025 to correct a date.",
    "Article continues after this advertisement", "Sponsored by Greyline Motors", "Reading time: 7 min",
    "Got a tip? Contact our investigations desk", "Filed under: Transport, Rail",
    # sub-heads and live-blog furniture that only label what follows
    "What happens next?", "Key dates", "The background", "Show key events only", "Welcome to our live blog on the vote."])
def test_page_furniture(text):
    assert is_non_claim(text), text


# Near misses: claim sentences that start or look like furniture and must reach the model.
@pytest.mark.parametrize("text", [
    "Published figures show unemployment fell in May.", "Updated guidance tells schools to stay open.",
    "Posted workers will get the same pay as local staff.", "Photographs of the crash were shared 40,000 times.",
    "Sources say the deal collapsed on Friday.", "More than 300 people were evacuated.",
    "Follow-up tests found no trace of the virus.", "The mayor thanked everyone who signed up to volunteer.",
    "Subscribers to the service lost access for six hours.", "Comments by the minister angered farmers.",
    "What happens next is up to the court.", "Registered voters in the county rose by 8%.",
    "Key witnesses were never called.", "Sign-ups to the scheme doubled in a year.",
    "Reading is the fastest-growing city in the region.", "Live animal exports will end in 2026.",
    "Sara Lindqvist is a doctor based in Gothenburg.", "The report was published on 3 May 2025.",
    "Ten minutes ago the river burst its banks.", "Thursday's vote was cancelled.",
    "Jane Okafor is the first woman to lead the union.", "Why should taxpayers pay for a stadium nobody wants?"])
def test_claims_that_look_like_furniture(text):
    assert not is_non_claim(text), text


@pytest.mark.parametrize("text, clause", [
    ("Mayor resigns", True), ("Prices fall", True), ("Toll scrapped", True), ("Dam bursts", True),
    ("Key points", False), ("Top stories", False), ("Most read", False), ("Related articles", False),
    ("Local News", False), ("Book reviews", False), ("Personal Finance", False)])
def test_short_clause_guesses_a_verb(text, clause):
    assert is_short_clause(text) is clause


def test_furniture_patterns_cover_whole_lines():
    assert is_furniture("Updated 2 hours ago") and not is_furniture("Updated 2 hours ago, the figures showed a rise.")
    assert is_furniture("Tags: budget, tax") and not is_furniture("Tags on the bags were missing.")


def test_counts_leave_out_none_and_keep_every_label():
    assert counts(["sourced", "none", "sourced"], ["sourced", "unsourced", "opinion", "none"]) == {
        "sourced": 2, "unsourced": 0, "opinion": 0}
