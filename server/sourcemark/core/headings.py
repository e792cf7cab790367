"""Headings told apart by their shape and place on the page: question sub-heads and short headlines.

A question sub-head ("What does the ruling mean?") only labels the paragraph after it (guide,
decision 8: `none`); a two-word headline ("Talks resume") reports an event (decision 9: a
claim). Neither can be told from its words alone as well as from where it stands, so these
rules read the text around a line or the verbs of headline English; the line patterns are in
`furniture`.
"""
from __future__ import annotations

import re
from typing import Sequence

# A question sub-head ("What does the ruling mean?", "Why now?"): a short question that asks what
# the next paragraph answers. A columnist's rhetorical question looks the same but argues, so the
# words it argues with ("should", "really", "we", "isn't", "they" pointing back) keep it a claim.
_QUESTION_START = re.compile(
    r"^(?:what|what['’]s|why|how|who|who['’]s|whom|whose|where|when|which|is|are|was|were|can|could|will|would|"
    r"do|does|did|has|have|had)\b", re.IGNORECASE)
# "I" stays out: "How do I apply?" is the reader's question an explainer answers.
_ARGUING = re.compile(
    r"\b(?:we|we['’]re|we['’]ve|us|our|they|them|those|should|ought|must|exactly|really|actually|honestly|"
    r"seriously|surely|even|still|ever|else|anyone|anybody|wonder|surprise|earth|not|\w+n['’]t)\b",
    re.IGNORECASE)
_QUOTE_OR_SPEAKER = re.compile(r"[\"“”«»„]|(?:^|\s)‘|^[\w .'’\-]{1,30}:\s")
_MAX_SUBHEAD_WORDS = 9


def is_question_subhead(line: str) -> bool:
    """True for a line shaped like a question sub-head: short, one question, asked by nobody in it."""
    line = line.strip()
    words = line.split()
    if not line.endswith("?") or line.count("?") != 1 or not 1 <= len(words) <= _MAX_SUBHEAD_WORDS:
        return False
    if any(mark in line[:-1] for mark in ".!;"):
        return False
    return bool(_QUESTION_START.match(line)) and not _ARGUING.search(line) and not _QUOTE_OR_SPEAKER.search(line)


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    return text.rfind("\n", 0, start) + 1, (text.find("\n", end) + 1 or len(text) + 1) - 1


def question_subheads(text: str, spans: Sequence) -> set[int]:
    """Indexes of the spans (objects with .start and .end) that are question sub-heads of `text`.

    The question must be a line of its own, after the first line (a question there is the
    headline), and be followed by a paragraph that answers it (a line that is not itself a
    question), or be all the text there is: a page line sent alone. A question closing an
    article, or one of a run of questions, argues rather than labels.
    """
    found = set()
    for i, span in enumerate(spans):
        line_start, line_end = _line_around(text, span.start, span.end)
        if text[line_start:span.start].strip() or text[span.end:line_end].strip():
            continue
        if not is_question_subhead(text[span.start:span.end]):
            continue
        following = next((l.strip() for l in text[line_end:].split("\n") if l.strip()), None)
        before = next((l.strip() for l in reversed(text[:line_start].split("\n")) if l.strip()), None)
        if before is not None and before.endswith("?") or before is None and following is not None:
            continue  # one of a run of questions, or the first line: a headline (decision 9)
        alone = following is None and before is None
        if alone or (following is not None and not following.endswith("?") and len(following.split()) >= 5):
            found.add(i)
    return found


# Verbs of headline English ("Talks resume", "Pound slides", "Bypass approved"): a short line with
# one of them after its first word reports an event even where the model's `none` class wins.
_HEADLINE_VERBS = (
    "axe advance approve arrest back ban beat bite block boost burst charge clash close collapse crash cut dip "
    "delay die drop ease end escape expand face fail fall fine fire flee flood grow halt hike hit hold jail "
    "jump kill launch lift lose merge miss open plunge quit rally rebound recover reject reopen resign resume "
    "return rise rule sack scrap seize sell shut sign sink slide slip slump soar split stall strike surge "
    "suspend sweep tumble vote walk warn win").split()
# Past forms only, where the bare word is more often a noun of page furniture ("issue", "order").
_PAST_FORMS = {"shut", "hit", "cut", "quit", "split", "fell", "fallen", "rose", "risen", "held", "lost", "won", "sold", "struck", "fled", "grew", "grown",
               "sank", "swept", "freed", "dead", "hurt", "beaten", "bitten", "issued", "named", "ordered",
               "unveiled", "cancelled", "canceled", "postponed", "evacuated", "injured", "rescued", "sentenced",
               "convicted", "cleared", "acquitted", "elected", "sworn", "withdrawn", "grounded", "reported"}
# The bare form ("fine", "end", "open") is as often a noun or an adjective: it counts only after a
# plural subject ("Talks resume"), as headline English uses it.
_BARE_FORMS = frozenset(_HEADLINE_VERBS)
_HEADLINE_FORMS = frozenset(
    _PAST_FORMS | {f for v in _HEADLINE_VERBS for f in (
        v + "s", v + "es", v + ("d" if v.endswith("e") else "ed"),
        (v[:-1] if v.endswith("e") else v) + "ing",
        v + v[-1] + "ed", v + v[-1] + "ing")})


# Things a page control reports on ("Link copied", "Settings saved"), not news.
# the verbs that page prompts start with ("Stay informed") and the words of lists ("Most liked").
_UI_OBJECT = re.compile(r"^(?:article|link|password|settings|email|e-mail|message|changes|preferences|item|"
                        r"story|page|comment|account|profile|subscription|payment|stay|keep|get|be|sign|log|"
                        r"load|show|see|view|read|go|follow|make|let|most|more|top|latest|new|recently|just|all)s?$", re.IGNORECASE)


def is_headline_clause(text: str) -> bool:
    """True for a short line that reads as a headline reporting an event ("Talks resume", "Rents soar").

    Two to five words, the first a capitalised word and not a question word, no label punctuation
    (":", "|", ">"), and after the first word a verb of headline English (in lower case unless
    the whole line is in capitals: Title Case lines are too often names, "Marsh End") or a
    participle in -ed ("Club relegated").
    """
    words = [w.strip(",.!'’\"") for w in text.split()]
    if not 2 <= len(words) <= 5 or not words[0][:1].isupper() or _QUESTION_START.match(text):
        return False
    if any(mark in text for mark in ":|>?/"):
        return False
    shouting = text.isupper()
    if not _UI_OBJECT.match(words[0]) and any(
            w.islower() and len(w) > 4 and w.endswith("ed") for w in words[1:]):
        return True  # "Club relegated", "Power restored"
    # A capitalised verb-like word after the first is part of a name ("Marsh End"), not a verb.
    return any((w.lower() in _HEADLINE_FORMS or w.lower() in _BARE_FORMS and _plural(prev))
               and (shouting or w.islower()) for prev, w in zip(words, words[1:]))


def _plural(word: str) -> bool:
    low = word.lower()
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
