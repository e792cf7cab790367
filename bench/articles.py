"""Benchmark articles of a given number of sentences, assembled from the corpus's test split."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_texts() -> list[str]:
    """The test split's article texts, in corpus order."""
    split = json.loads((ROOT / "data" / "split.json").read_text(encoding="utf-8"))
    test = set(split["test"])
    rows = [json.loads(l) for l in (ROOT / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return [a["text"] for a in rows if a["id"] in test]


def paragraphs() -> list[str]:
    return [p for text in _test_texts() for p in text.split("\n\n") if p.count(". ") >= 1]


def test_pages(limit: int = 40) -> list[str]:
    """The first `limit` test-split articles whole, as written: headlines, bylines and one-line paragraphs
    included (news has many), which the sized articles above leave out."""
    return _test_texts()[:limit]


def article(n_sentences: int, offset: int = 0) -> str:
    """Paragraphs of real corpus text until the segmenter counts n_sentences (deterministic)."""
    from sourcemark.core.segment import sentences

    pool = paragraphs()
    chosen, count, i = [], 0, offset
    while count < n_sentences:
        para = pool[i % len(pool)]
        i += 1
        spans = sentences(para)
        if count + len(spans) > n_sentences:
            spans = spans[:n_sentences - count]
            para = para[:spans[-1].end]
        chosen.append(para)
        count += len(spans)
    return "\n\n".join(chosen)
