"""Surface cues of attribution and opinion: the cue-word baseline and the hover card's 'cue' use them."""
from __future__ import annotations

import re

_VERBS = (
    "said|says|say|saying|told|tells|tell|according to|announced|announces|stated|states|added|adds|"
    "claimed|claims|claim|argued|argues|argue|noted|notes|explained|explains|insisted|insists|"
    "warned|warns|wrote|writes|posted|testified|alleged|alleges|acknowledged|acknowledges|"
    "confirmed|confirms|denied|denies|estimated|estimates|predicted|predicts|reported|reports|"
    "found|finds|showed|shows|show|revealed|reveals|reveal|concluded|concludes|believes|believe|"
    "believed|hopes|hoped|suggested|suggests|suggest|admitted|admits|disclosed|recalled|"
    "described|asserted|contended|maintained|countered|responded|replied|asked|urged|"
    "emphasized|emphasised|stressed|indicated|indicates|tweeted|wrote in|said in a statement"
)
ATTRIBUTION = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
QUOTE_MARKS = re.compile(r"[\"“”«»„]|(?:^|\s)‘|’(?=\s|$|[,.;:])")
_VAGUE_SUBJECT = re.compile(
    r"\b(?:critics|some (?:experts|analysts|observers|officials|people|say)|many (?:believe|say|experts)|"
    r"experts say|observers say|analysts say|sources? (?:said|say|says|told|close)|"
    r"(?:a |one )?(?:person|people|source|official|insider)s? (?:familiar|close|with knowledge)|"
    r"reports (?:suggest|say|said|indicate)|it is (?:believed|understood|thought|said|claimed|reported|alleged)|"
    r"it has been (?:reported|suggested|claimed)|(?:is|are|was|were) (?:said|believed|reported|thought|understood) to|"
    r"according to (?:some|reports|sources|people|critics))\b", re.IGNORECASE)
OPINION = re.compile(
    r"\b(?:should|shouldn['’]t|must|mustn['’]t|ought|clearly|obviously|surely|undoubtedly|"
    r"arguably|frankly|sadly|shameful|disgraceful|outrageous|absurd|ridiculous|reckless|"
    r"disastrous|brilliant|terrible|awful|wonderful|betrayal|scandalous|pathetic|"
    r"it is time|it's time|will (?:likely|probably|almost certainly)|likely to|probably|perhaps|"
    r"i think|i believe|in my view|we need|let['’]s|so-called)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours)\b")


def attribution_cue(sentence: str) -> tuple[int, int] | None:
    """Span of the attribution cue in a sentence ("according to", "said", ...), or None."""
    match = ATTRIBUTION.search(sentence)
    return (match.start(), match.end()) if match else None


def is_vague(sentence: str) -> bool:
    """True when the attribution rests on an unnamed, vague source ("critics say")."""
    return bool(_VAGUE_SUBJECT.search(sentence))


def has_quote(sentence: str) -> bool:
    return bool(QUOTE_MARKS.search(sentence))
