"""The label set and the rules that mark a segment `none` (not a claim) before classification."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from . import furniture

NONE = "none"
SOURCED = "sourced"
# The guide's three claim labels, in display order; a model may add others.
CLAIM_LABELS = (SOURCED, "unsourced", "opinion")

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
_FINAL_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*$")
# Page furniture that is never a claim of the article (guide, decision 8).
_BOILERPLATE = re.compile(
    r"""^(?:
        (?:share|tweet|email|print)\s+(?:this|the)\s+(?:article|story|page)\b.*
      | (?:sign\s+up|subscribe)(?![\w\-]).*
      | advertisement$ | sponsored(?:\s+content)?$
      | (?:read|see)\s+(?:more|also)\b.*
      | comments?\s*(?:\(\d+\))?$ | \d+\s+comments?$
      | (?:photo|image|picture|video|graphic)\s*(?:credit)?\s*:.*
      | ©.* | copyright\s+©?.* | all\s+rights\s+reserved.*
      | follow\s+(?:us|me)\b.* | click\s+here\b.* | skip\s+to\s+(?:main\s+)?content$
      | \d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4})?$              # live-blog time stamp
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "By Jane Doe", "By Jane Doe and Tom Li, Staff Writers": capitalised names, no final punctuation.
_BYLINE = re.compile(r"^[Bb][Yy]\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}(?:\s*(?:,|and|&)\s*[^.!?]*)?$")
# A dateline standing alone: "LONDON —", "WASHINGTON (AP) —", "MANCHESTER".
# The dash is required for more than one word: an all-capitals headline ("MAYOR QUITS") is a claim.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .,'’\-]{2,40}(?:\([A-Za-z .]+\))?\s*[—–-]|[A-Z][A-Z'’\-]{2,30})\s*$")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_non_claim(text: str, min_words: int = 4) -> bool:
    """True for page furniture (bylines, datelines, dates, credits, prompts, sub-heads) and short fragments.

    A fragment of fewer than `min_words` words without final punctuation is furniture unless it
    reads as a clause: a very short headline ("Mayor resigns") is a claim (guide, decision 9).
    """
    stripped = text.strip()
    if not stripped or word_count(stripped) == 0:
        return True
    if (_BOILERPLATE.match(stripped) or _BYLINE.match(stripped) or _DATELINE.match(stripped)
            or furniture.is_furniture(stripped)):
        return True
    short = word_count(stripped) < min_words and not _FINAL_PUNCT.search(stripped)
    return short and not furniture.is_short_clause(stripped)


def counts(labels: Iterable[str], label_set: Iterable[str]) -> dict[str, int]:
    """Count per claim label (every label of the set present, `none` left out)."""
    tally = Counter(labels)
    return {label: tally.get(label, 0) for label in label_set if label != NONE}
