"""The cue-word baseline every evaluation report compares against: attribution verbs and quotes, then opinion cues."""
from __future__ import annotations

from ..core import cues
from ..core.labels import NONE, is_non_claim


def predict(sentence: str, context: str = "") -> str:
    """sourced if an attribution verb or a quote mark appears, opinion on modal/evaluative/first-person cues."""
    if is_non_claim(sentence):
        return NONE
    if cues.attribution_cue(sentence) or cues.has_quote(sentence):
        return "sourced"
    if cues.OPINION.search(sentence) or cues.FIRST_PERSON.search(sentence) or sentence.rstrip().endswith(("?", "!")):
        return "opinion"
    return "unsourced"
