"""Evaluation set shapes: guide-mapped public files, whole documents, and page lines through the pipeline."""
import json

from sourcemark.training.evaluate import evaluate_set, load_eval_set
from sourcemark.training.report import summary_table, write_report


class FakeClassifier:
    """Labels by keyword so the scoring around the model can be checked exactly."""
    name, version, labels = "fake", "0", ["sourced", "unsourced", "opinion", "none"]

    def predict(self, sentences, contexts=None):
        out = []
        for s in sentences:
            label = ("none" if "cookies" in s else "sourced" if "said" in s else
                     "opinion" if "should" in s else "unsourced")
            out.append({l: (0.7 if l == label else 0.1) for l in self.labels})
        return out


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_furniture_lines_go_through_rules_and_model(tmp_path):
    path = write_jsonl(tmp_path / "furniture.jsonl", [
        {"text": "Advertisement", "label": "none", "kind": "ad"},                       # a rule
        {"text": "We use cookies to improve this site.", "label": "none", "kind": "cookie"},  # the model
        {"text": "Our best reporting, picked for you every week.", "label": "none", "kind": "newsletter"},  # no rule; the model misses it
        {"text": "The mayor resigned on Friday.", "label": "unsourced", "kind": "claim"},
        {"text": "Share prices fell sharply on Monday.", "label": "unsourced", "kind": "claim"},
    ])
    data = load_eval_set(path)
    assert data.kind == "lines" and data.positive == "none"
    result = evaluate_set(FakeClassifier(), data)
    assert result["model"]["recall"] == 2 / 3          # furniture labelled none
    assert result["claims_to_none"] == 0.0              # no claim line lost
    assert result["kinds"]["newsletter"] == {"n": 1, "none": 0.0}
    assert [e["text"] for e in result["errors"]] == ["Our best reporting, picked for you every week."]
    table = summary_table({"sets": {data.name: result}})
    assert "share of furniture `none`" in table and "| 2 1 / 0 2 |" in table and "| 0.0% |" in table


def test_guide_files_and_claims_lost_to_none(tmp_path):
    rows = write_jsonl(tmp_path / "polnear_guide_dev.jsonl", [
        {"text": "Officials said the bridge will reopen.", "label": "sourced", "task": "sourced"},
        {"text": "The bridge reopened in May.", "label": "not_sourced", "task": "sourced"},
        {"text": "Free cookies were served.", "label": "not_sourced", "task": "sourced"},
        {"text": "Markets", "label": "not_sourced", "task": "sourced"}])
    text = "Officials said the bridge will reopen.\n\nThe bridge reopened in May."
    docs = write_jsonl(tmp_path / "polnear_guide_dev_docs.jsonl", [{"id": "d1", "text": text, "sentences": [
        {"start": 0, "end": 38, "label": "sourced"}, {"start": 40, "end": len(text), "label": "not_sourced"}]}])
    binary, whole = load_eval_set(rows), load_eval_set(docs)
    assert (binary.kind, whole.kind) == ("binary", "docs")
    r_binary, r_docs = evaluate_set(FakeClassifier(), binary), evaluate_set(FakeClassifier(), whole)
    assert r_binary["model"]["f1"] == 1.0 and r_docs["model"]["confusion"] == [[1, 0], [0, 1]]
    # "Free cookies were served." goes to the model's none class, "Markets" to the short-line rule.
    assert r_binary["claims_to_none"] == 0.5 and r_docs["claims_to_none"] == 0.0
    report = write_report({"model": {"name": "fake", "version": "0", "folder": "x"},
                           "sets": {binary.name: r_binary, whole.name: r_docs}}, tmp_path / "out")
    body = report.read_text()
    assert "polnear_guide_dev_docs.jsonl" in body and "| sourced | 1 | 0 |" in body
    assert (tmp_path / "out" / "polnear_guide_dev.jsonl.png").stat().st_size > 1000


def test_corpus_pages_go_whole_through_the_service():
    from sourcemark.training.evaluate import corpus_page_set

    text = "By Ann Lee\n\nWe use cookies on this page.\n\nThe mayor said she will resign. Rents should fall."
    sentences = [(0, 10, "none"), (12, 40, "none"), (42, 73, "sourced"), (74, 92, "opinion")]
    article = {"id": "a1", "text": text, "sentences": [{"start": a, "end": b, "label": l} for a, b, l in sentences]}
    assert [text[a:b] for a, b, _ in sentences][2:] == ["The mayor said she will resign.", "Rents should fall."]
    data = corpus_page_set([article], "corpus:dev-pages")
    assert data.kind == "pages" and len(data.examples) == 4
    result = evaluate_set(FakeClassifier(), data)
    # The byline never reaches the model (a rule); every gold sentence is matched to the service's own.
    assert result["model"]["macro_f1"] == 1.0 and result["claims_to_none"] == 0.0
    assert "macro-F1, whole pages" in summary_table({"sets": {"p": result}})
