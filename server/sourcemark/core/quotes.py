"""Multi-sentence quotations: which sentences one open quote mark joins, and the guide's rule 2 on them."""
from __future__ import annotations

from typing import Sequence

from .labels import NONE, SOURCED
from .segment import Span

OPENERS = {"“": "”", "‘": "’", "«": "»", "„": "“"}
STRAIGHT = '"'


def quote_runs(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """(first, last) sentence indices of every quotation that runs over a sentence boundary.

    Quote state resets at a blank line: in news a quote that runs over paragraphs reopens each
    paragraph with a new opening mark, so each paragraph's part is a run of its own.
    """
    runs: list[tuple[int, int]] = []
    stack: list[str] = []
    first: int | None = None
    for i, span in enumerate(spans):
        if i and "\n\n" in text[spans[i - 1].end:span.start]:
            if first is not None:
                runs.append((first, i - 1))
            stack, first = [], None
        _scan(text[span.start:span.end], stack)
        if stack and first is None:
            first = i
        elif not stack and first is not None:
            runs.append((first, i))
            first = None
    if first is not None:
        runs.append((first, len(spans) - 1))
    return [(a, b) for a, b in runs if b > a]


def attributed_quotes(text: str, spans: Sequence[Span],
                      predictions: dict[int, dict[str, float]]) -> dict[int, float]:
    """Sentence index -> confidence, for sentences the guide calls sourced as part of a quotation.

    Guide rule 2: every sentence of a quotation is sourced when the speaker is named in it or
    in the sentence before or after. A sentence read alone cannot see that, so a quotation run
    with a sentence labelled sourced in it or beside it lends that label to its other claim
    sentences, with the confidence of the nearest such sentence.
    """
    chosen = {i: max(p, key=p.get) for i, p in predictions.items()}
    out: dict[int, float] = {}
    for first, last in quote_runs(text, spans):
        anchors = [j for j in range(first - 1, last + 2) if chosen.get(j) == SOURCED]
        for i in range(first, last + 1):
            if anchors and chosen.get(i) not in (None, SOURCED, NONE):
                nearest = min(anchors, key=lambda j: abs(i - j))
                out[i] = predictions[nearest][SOURCED]
    return out


def _scan(piece: str, stack: list[str]) -> None:
    """Update the stack of expected closing marks with the quote marks in `piece`."""
    for k, ch in enumerate(piece):
        after = piece[k + 1] if k + 1 < len(piece) else " "
        if stack and ch == stack[-1] and not (ch == "’" and after.isalpha()):  # don’t: an apostrophe
            stack.pop()
        elif ch in OPENERS and not (ch == "‘" and stack and stack[-1] == "’"):
            stack.append(OPENERS[ch])
        elif ch == STRAIGHT:
            before = piece[k - 1] if k else " "
            # A straight mark opens after a space or bracket and closes before one.
            if before.isspace() or before in "([{—–-:":
                stack.append(STRAIGHT)
            elif stack and stack[-1] == STRAIGHT:
                stack.pop()
