"""In-process timings: the classifier alone, the whole analyze path, its stages, and the naive baseline."""
from __future__ import annotations

import time

from sourcemark.core import segment
from sourcemark.runtime.analyze import analyze
from sourcemark.runtime.classifier import Classifier, context_for
from sourcemark.core.labels import is_non_claim

from .stats import summarise, timed


def claims(text: str) -> tuple[list[str], list[str]]:
    pieces = [text[s.start:s.end] for s in segment.sentences(text)]
    idx = [i for i, p in enumerate(pieces) if not is_non_claim(p)]
    return [pieces[i] for i in idx], [context_for(pieces, i) for i in idx]


def bench_classifier(classifier: Classifier, text: str, runs: int, repeat: int) -> dict:
    sentences, contexts = claims(text)
    classifier.predict(sentences, contexts)  # warm-up
    return summarise([timed(lambda: classifier.predict(sentences, contexts), repeat) for _ in range(runs)])


def bench_analyze(classifier: Classifier, text: str, runs: int, repeat: int) -> dict:
    analyze(text, classifier)
    return summarise([timed(lambda: analyze(text, classifier), repeat) for _ in range(runs)])


def bench_pages(classifier: Classifier, texts: list[str], repeat: int) -> dict:
    """Median analyze ms per whole article (each article's own median of `repeat` calls), and its sentences."""
    for text in texts:
        analyze(text, classifier)  # warm-up
    per_article = sorted(sorted(timed(lambda: analyze(text, classifier), repeat))[repeat // 2] for text in texts)
    sizes = sorted(len(segment.sentences(text)) for text in texts)
    return {"articles": len(texts), "median_sentences": sizes[len(sizes) // 2],
            "p50_ms": round(per_article[len(per_article) // 2], 1), "max_ms": round(per_article[-1], 1)}


def stages(classifier: Classifier, text: str, repeat: int) -> dict:
    """Median ms of segmentation, tokenisation and the model's forward pass for one article."""
    runtime = classifier.runtime
    sentences, contexts = claims(text)
    pairs = contexts if classifier.uses_context else None
    seg = timed(lambda: segment.sentences(text), repeat)
    tok = timed(lambda: runtime.encode(sentences, pairs), repeat)
    size, classifier.cache.max_bytes = classifier.cache.max_bytes, 0  # timed without the score cache
    total = timed(lambda: classifier.predict(sentences, contexts), repeat)
    classifier.cache.max_bytes = size
    med = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    return {"segment_ms": round(med(seg), 2), "tokenise_ms": round(med(tok), 2),
            "model_ms": round(med(total) - med(tok), 2), "classify_ms": round(med(total), 2)}


def bench_naive(folder, text: str, runs: int) -> dict:
    """transformers pipeline, batch 1, padding to max length: how a first prototype would do it."""
    from transformers import pipeline

    sentences, _ = claims(text)
    pipe = pipeline("text-classification", model=str(folder), tokenizer=str(folder), device="cpu")
    kwargs = {"batch_size": 1, "padding": "max_length", "truncation": True, "max_length": 128}
    pipe(sentences[:2], **kwargs)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        pipe(sentences, **kwargs)
        out.append([(time.perf_counter() - start) * 1000])
    return summarise(out)
