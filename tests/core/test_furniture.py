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
    "Where things stand now", "What the critics say", "The fallout", "The bigger picture",
    # players, regions and scripts
    "Video player is loading.", "Media playback is not supported on this device",
    "Enable JavaScript to see this interactive map.", "This video is not available in your country.",
    "Embedded content from YouTube is blocked until you accept cookies.", "This audio is auto-generated from the text.",
    # paywalls and appeals
    "You've reached the limit of free stories for this month.", "3 free stories remaining", "Get unlimited digital access",
    "If you value our journalism, become a supporter.", "Please consider supporting us with a monthly gift.",
    # newsletters, sponsors, partnerships
    "Thank you for subscribing!", "Follow us on Telegram for breaking news", "Join 40k other subscribers",
    "This newsletter is sponsored by Northwind Air.",
    "This investigation was co-published with the support of the Pulitzer Center.",
    "We'll bring you the latest as it happens.", "Data delayed at least 20 minutes",
    # product boxes, trust boxes, tags, captions
    "Prices are accurate at the time of writing.", "View deal at Currys", "Fact-checked by Dr Ana Ruiz",
    "People mentioned in this article", "Keywords: budget, tax, pensions", "Do Not Sell or Share My Personal Information",
    "Fire crews work through the night near Hilo, Hawaii. (AP Photo/Caleb Jones)",
    "Residents queue for water in Gaza City. (Photo by Omar Said/Getty Images)",
    "Pictured: the bridge before it collapsed in March.",
    # service lines, credits, beats, figure rows and release headings (after the third holdout)
    "You have 2 free articles left this month", "Keep the Herald free — donate today", "Read this story in our app.",
    "Your browser does not support the audio element.", "Sorry, this clip is no longer available.",
    "Your comment is awaiting moderation.", "If you shop through links on this page, we may earn a fee.",
    "Read our editorial guidelines", "Have a tip to share?", "Contact us securely", "Not for publication or resale.",
    "Subscribe now.", "Details to follow.", "Figures may not add up because of rounding.",
    "GN PHOTO: ASIF KHAN", "— Picture by Lena Ochoa", "Courtesy of the Perez family",
    "Meera Joshi writes the Money Diary column.", "Tomas Reyes reports on health for the Valley Courier.",
    "FTSE 100 8,214.35 +0.42%", "Harbour Growth Fund  2.31  -0.04", "Feels like -3°C", "Humidity: 82%",
    "About Northwind Energy", "Media enquiries:", "Forward-looking statements"])
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
    "The reaction from investors was swift.", "Where the money went is still unclear.",
    # lines that begin like a prompt but are claims (two were labelled none before)
    "Read the full report and you will find little to cheer.", "Subscribe-and-save deals are a trap.",
    "Read the full story of the strike in Friday's paper, the editor promised readers.",
    # the same words in news sentences
    "The video player market grew 8% last year.", "Readers can enable JavaScript blockers without losing access, the study found.",
    "The service is not available in rural areas, the regulator said.",
    "The charity said donations from readers like you funded 40 wells.",
    "Thank you for your service, the president told the veterans.",
    "The photo, taken by AP photographer Caleb Jones, won a Pulitzer Prize.",
    "Markets closed lower on Friday after the data was delayed by a week.",
    "Police pictured the suspect on CCTV in March.",
    # the same words as the service lines above, in news sentences
    "Readers have 30 days to appeal, the regulator said.", "Donors gave $4m today, the charity said.",
    "The app stopped working on Tuesday.", "The video is no longer available on the ministry's website, officials said.",
    "More than 40 comments were removed by moderators.", "Shoppers who buy through the app pay less.",
    "The board will review its editorial standards after the complaint.", "Do you know what this will cost?",
    "Courtesy of the council, residents will get free parking in December.", "His photos by the lake won a prize.",
    "Medicare covers dental care for some patients.", "Exports fell 8% in 2024.", "About 40 people were hurt.",
    "High winds closed the bridge.", "Arsenal 2 Chelsea 1", "About time, too."])
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


def test_figure_rows_take_linear_time_on_lines_that_fail():
    """A row of figures ending in a word must fail fast (a shared separator once made it exponential)."""
    import subprocess
    import sys
    code = ("from sourcemark.core.labels import is_non_claim\n"
            "assert not is_non_claim('Fund' + '  1' * 40 + ' closed lower today.')\n"
            "assert not is_non_claim('Index' + ' 1' * 30000 + ' fell sharply on Monday.')")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
