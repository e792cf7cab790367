"""Score a model (and the cue baseline) on our corpus, label files and the public binary sets."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..runtime.analyze import analyze
from ..runtime.classifier import Classifier, context_for
from ..core.labels import NONE, is_non_claim
from . import baseline
from .bootstrap import score_interval
from .corpus import Example, article_examples, read_label_file
from .metrics import binary_metrics, classification_metrics


@dataclass
class EvalSet:
    name: str
    # "multi": our labels; "binary": positive vs rest; "docs": whole texts through the pipeline;
    # "lines": page lines (furniture and short claims) each through the pipeline, `none` vs claim;
    # "pages": our labelled articles whole through the pipeline (rules and gate), our labels
    kind: str
    examples: list[Example]
    positive: str | None = None
    docs: list[dict] | None = None


def load_eval_set(path: str | Path) -> EvalSet:
    """Recognise a file's shape: public binary rows, public whole documents, or our own labels."""
    path = Path(path)
    first = {}
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            line = next((l for l in handle if l.strip()), "{}")
        first = json.loads(line)
    if "kind" in first and "task" not in first and "sentences" not in first:
        rows = read_label_file(path)
        kinds = [json.loads(l).get("kind", "") for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        examples = [Example(e.text, e.label, "", kind) for e, kind in zip(rows, kinds)]
        return EvalSet(path.name, "lines", examples, positive=NONE)
    if "task" in first and "sentences" not in first:
        rows = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        examples = [Example(r["text"], r["label"], context_for([r.get("before") or "", r["text"], r.get("after") or ""], 1)
                            if (r.get("before") or r.get("after")) else "", str(r.get("doc", "")))
                    for r in rows]
        return EvalSet(path.name, "binary", examples, positive=first["task"])
    if "sentences" in first and any(s.get("label", "").startswith("not_") for s in first["sentences"]):
        docs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        positive = next(s["label"] for d in docs for s in d["sentences"] if not s["label"].startswith("not_"))
        return EvalSet(path.name, "docs", [], positive=positive, docs=docs)
    return EvalSet(path.name, "multi", read_label_file(path))


def corpus_eval_set(articles: list[dict], name: str) -> EvalSet:
    return EvalSet(name, "multi", [e for a in articles for e in article_examples(a)])


def corpus_page_set(articles: list[dict], name: str) -> EvalSet:
    """The articles as the service sees them: what the rules and the gate do to a page counts too."""
    return EvalSet(name, "pages", [e for a in articles for e in article_examples(a)], docs=articles)


def _doc_predictions(doc: dict, classifier: Classifier) -> tuple[list[str], list[str]]:
    """Our segmentation and labels, aligned to the gold sentences by largest overlap."""
    result = analyze(doc["text"], classifier)
    gold, pred = [], []
    for g in doc["sentences"]:
        best, best_overlap = "none", 0
        for s in result["sentences"]:
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > best_overlap:
                best, best_overlap = s["label"], overlap
        gold.append(g["label"])
        pred.append(best)
    return gold, pred


def _line_label(text: str, classifier: Classifier) -> str:
    """A page line as the service labels it: `none` when every sentence of it is, else its longest claim's label."""
    claims = [s for s in analyze(text, classifier)["sentences"] if s["label"] != NONE]
    return max(claims, key=lambda s: s["end"] - s["start"])["label"] if claims else NONE


def _claims_to_none(data: EvalSet, gold: list[str], pred: list[str]) -> float | None:
    """Share of gold claim sentences the service would label `none` (its rules, or the model's class)."""
    if data.kind in ("docs", "lines", "pages"):
        rows = [p == NONE for g, p in zip(gold, pred) if g != NONE]
    else:
        rows = [p == NONE or is_non_claim(e.text) for e, g, p in zip(data.examples, gold, pred) if g != NONE]
    return sum(rows) / len(rows) if rows else None


def _kind_shares(data: EvalSet, gold: list[str], pred: list[str]) -> dict:
    """Per kind of line: how many lines, and the share labelled `none`."""
    shares: dict[str, list[int]] = {}
    for e, p in zip(data.examples, pred):
        tally = shares.setdefault(e.group, [0, 0])
        tally[0] += 1
        tally[1] += p == NONE
    return {kind: {"n": n, "none": k / n} for kind, (n, k) in sorted(shares.items())}


def evaluate_set(classifier: Classifier, data: EvalSet) -> dict:
    """Metrics of the model and of the cue baseline on one set."""
    if data.kind == "lines":
        gold = [e.label for e in data.examples]
        pred = [_line_label(e.text, classifier) for e in data.examples]
        base = [baseline.predict(e.text) for e in data.examples]
    elif data.kind in ("docs", "pages"):
        gold, pred, base = [], [], []
        for doc in data.docs:
            g, p = _doc_predictions(doc, classifier)
            gold += g
            pred += p
            base += [baseline.predict(doc["text"][s["start"]:s["end"]]) for s in doc["sentences"]]
    else:
        gold = [e.label for e in data.examples]
        probs = classifier.predict([e.text for e in data.examples], [e.context for e in data.examples])
        pred = [max(p, key=p.get) for p in probs]
        base = [baseline.predict(e.text, e.context) for e in data.examples]
    if data.kind in ("multi", "pages"):
        # Every label the model can predict stays in the matrix, so a prediction outside the set's
        # gold labels counts as the error it is; the macro average still runs over gold labels only.
        # (Keeping only the gold labels once scored a one-class set 1.0 for any model that ever
        # predicted that class: its wrong predictions were dropped, not counted.)
        labels = list(classifier.labels) + sorted({*gold, *base} - set(classifier.labels))
        model_m, base_m = classification_metrics(gold, pred, labels), classification_metrics(gold, base, labels)
        headline = "macro_f1"
    elif data.kind == "lines":
        model_m, base_m = binary_metrics(gold, pred, NONE), binary_metrics(gold, base, NONE)
        headline = "recall"
    else:
        model_m, base_m = binary_metrics(gold, pred, data.positive), binary_metrics(gold, base, data.positive)
        headline = "f1" if data.positive == "sourced" else "macro_f1"
    errors = [{"text": e.text, "gold": g, "pred": p} for e, g, p in zip(data.examples, gold, pred) if g != p
              and not (data.kind in ("binary", "lines") and (g == data.positive) == (p == data.positive))]
    result = {"name": data.name, "kind": data.kind, "positive": data.positive, "headline": headline,
              "model": model_m, "baseline": base_m, "errors": errors[:200],
              "claims_to_none": _claims_to_none(data, gold, pred),
              # Each item's gold and predicted label, for compare's paired bootstrap; not written to metrics.json.
              "gold": gold, "pred": pred}
    if data.kind == "lines":
        result["kinds"] = _kind_shares(data, gold, pred)
    result["interval"] = score_interval(result)
    return result


def evaluate(model_dir: str | Path, sets: list[EvalSet], progress=None, **classifier_options) -> dict:
    """Metrics dict for a model on every set: {"model": info (with the runtime used), "sets": {name: result}}.
    `progress`: called with a line before each set is scored (scoring a big set takes minutes)."""
    classifier = Classifier(model_dir, **classifier_options)
    results = {}
    for s in sets:
        if progress:
            size = len(s.docs) if s.kind in ("docs", "pages") else len(s.examples)
            progress(f"scoring {classifier.name} {classifier.version} ({classifier.runtime.name}) on {s.name}: "
                     f"{size} {'documents' if s.kind in ('docs', 'pages') else 'sentences'}")
        results[s.name] = evaluate_set(classifier, s)
    return {"model": {"name": classifier.name, "version": classifier.version, "folder": str(classifier.folder),
                      "runtime": classifier.runtime.name}, "sets": results}
