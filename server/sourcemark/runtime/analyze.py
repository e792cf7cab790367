"""Segment -> classify -> explain: the response of /analyze as a plain dict (no Flask)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

from ..core import cues, embeds, furniture, headings, labels, quotes, segment
from .classifier import Classifier, context_for
from ..core.offsets import OffsetMap, quote


class TooManySentences(ValueError):
    """The text has more sentences than one request may have labelled; the message gives both numbers."""


@dataclass(frozen=True)
class Link:
    start: int  # code points
    end: int
    href: str


def analyze(text: str, classifier: Classifier, *, offset_unit: str = "codepoint",
            links: Sequence[Link] = (), min_words: int = 4, quote_context: int = 32,
            max_sentences: int | None = None) -> dict:
    """Every sentence of `text` with offsets in `offset_unit`, a label, scores and a quote."""
    started = time.perf_counter()
    spans = segment.sentences(text)
    if max_sentences is not None and len(spans) > max_sentences:
        raise TooManySentences(f"the text has {len(spans)} sentences; the limit is {max_sentences} per request")
    pieces = [text[s.start:s.end] for s in spans]
    # Question sub-heads and captions are told by the lines around them, not by their own words;
    # an embedded post's signature line is furniture, and it tells whose the lines above it are.
    posts, signatures = embeds.embedded_posts(text, spans)
    placed = headings.question_subheads(text, spans) | furniture.captions(text, spans) | signatures
    claim_idx = [i for i, piece in enumerate(pieces)
                 if i not in placed and not labels.is_non_claim(piece, min_words)]
    contexts = [context_for(pieces, i) for i in claim_idx]
    predictions = dict(zip(claim_idx, classifier.predict([pieces[i] for i in claim_idx], contexts)))
    gated = _furniture_lines(classifier, text, spans, pieces, predictions)
    by_quote = quotes.attributed_quotes(text, spans, predictions)

    omap = OffsetMap(text) if offset_unit == "utf16" else None
    conv = (lambda cp: omap.to_utf16(cp)) if omap else (lambda cp: cp)
    sentences = []
    for i, (span, piece) in enumerate(zip(spans, pieces)):
        # Segments the rules mark `none` (bylines, furniture, fragments) never reach the model: they
        # carry {"none": 1.0}, a rule's certainty, not a probability, and rule "not_a_claim" says so.
        scores = predictions.get(i) or {labels.NONE: 1.0}
        label = max(scores, key=scores.get)
        if label == labels.NONE and i in predictions and headings.is_headline_clause(piece):
            # A two-word headline ("Talks resume") is a claim (guide, decision 9) that the model's
            # `none` class takes for a page label; its best claim label is kept, with its own score.
            label = max((k for k in scores if k != labels.NONE), key=scores.get)
        confidence = scores[label]
        by_post = i in posts and i not in by_quote and label not in (labels.NONE, labels.SOURCED)
        if i in gated and i not in by_quote:
            label, confidence = labels.NONE, gated[i]
        elif i in by_quote:
            label, confidence = labels.SOURCED, by_quote[i]
        elif by_post:
            # The model is this sure the sentence is a claim; the signature line says whose it is.
            label, confidence = labels.SOURCED, 1.0 - scores.get(labels.NONE, 0.0)
        item = {
            "start": conv(span.start), "end": conv(span.end), "text": piece,
            "label": label, "confidence": round(confidence, 4),
            "scores": {k: round(v, 4) for k, v in scores.items()},
            "quote": quote(text, span.start, span.end, quote_context),
            "links": [link.href for link in links if link.start < span.end and link.end > span.start],
        }
        if label == labels.SOURCED:
            item["cue"] = _cue(piece, span.start, conv)
            item["vague_source"] = cues.is_vague(piece)
        if i in gated and i not in by_quote:
            item["rule"] = "furniture_gate"
        elif i in by_quote:
            item["rule"] = "multi_sentence_quote"
        elif by_post:
            item["rule"] = "embedded_post"
        elif i not in predictions:
            item["rule"] = "not_a_claim"
        sentences.append(item)
    return {
        "model": {"name": classifier.name, "version": classifier.version, "labels": classifier.labels},
        "offset_unit": offset_unit,
        "sentences": sentences,
        "counts": labels.counts((s["label"] for s in sentences), classifier.labels),
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _furniture_lines(classifier: Classifier, text: str, spans, pieces: list[str], predictions: dict) -> dict[int, float]:
    """{sentence index: p(furniture)} for the sentences of the lines the model's gate calls page furniture.

    Only a whole block is asked, and only one short enough for the gate's unit (one sentence for a
    sentence gate, up to its max_sentences for a block gate): furniture stands on its own line
    (guide, rule 8), and a longer paragraph's sentences stay the sentence model's to label. A short
    headline with a verb stays a claim (guide, decision 9), as it does against the model's own
    `none`; a block whose sentences the model already labels `none` is not asked again.
    """
    gate = getattr(classifier, "gate", None)
    if gate is None:  # a model folder without gate/, or a test's stand-in
        return {}
    members: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        members.setdefault(span.block, []).append(i)
    asked: list[tuple[str, list[int]]] = []  # (the block's text, its sentences the model calls claims)
    for block in members.values():
        claims = [i for i in block if i in predictions and max(predictions[i], key=predictions[i].get) != labels.NONE]
        if not claims or len(block) > gate.max_sentences:
            continue
        if len(block) == 1 and headings.is_headline_clause(pieces[block[0]]):
            continue
        asked.append((text[spans[block[0]].start:spans[block[-1]].end], claims))
    scores = classifier.furniture([line for line, _ in asked]) if asked else None
    if not scores:
        return {}
    return {i: p for (_, claims), p in zip(asked, scores) if p >= gate.threshold for i in claims}


def _cue(piece: str, start: int, conv) -> dict | None:
    found = cues.attribution_cue(piece)
    if not found:
        return None
    a, b = found
    return {"start": conv(start + a), "end": conv(start + b), "text": piece[a:b]}
