"""Gold audit: a blind sample per confusion cell, and estimates weighted by each cell's size."""
import json

import pytest
from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.training.audit import AuditError, sample, score, score_table
from sourcemark.training.evaluate import load_eval_set

GOLD = ["sourced"] * 4 + ["not_sourced"] * 4
# Model: rows 0-2 true positives, 3 a false negative, 4 a false positive, 5-7 true negatives.
PRED = ["sourced", "sourced", "sourced", "unsourced", "sourced", "unsourced", "opinion", "unsourced"]


def public_set(tmp_path):
    path = tmp_path / "polnear_guide_dev.jsonl"
    path.write_text("".join(json.dumps({"text": f"Sentence number {i} here.", "label": g, "task": "sourced",
                                        "before": f"Before {i}.", "after": ""}) + "\n"
                            for i, g in enumerate(GOLD)), encoding="utf-8")
    return path


def answer(folder, reader):
    """Write the reader's answers: reader(key item) -> label."""
    key = json.loads((folder / "key.json").read_text())
    (folder / "answers.jsonl").write_text("".join(json.dumps({"n": it["n"], "label": reader(it)}) + "\n"
                                                  for it in key["items"]))


def test_sample_hides_labels_and_draws_per_cell(tmp_path):
    path = public_set(tmp_path)
    cells = sample(path, load_eval_set(path), PRED, per_cell=2, seed=1, out=tmp_path / "audit")
    assert cells == {"TP": 3, "FN": 1, "FP": 1, "TN": 3}
    items = [json.loads(l) for l in (tmp_path / "audit" / "items.jsonl").read_text().splitlines()]
    assert len(items) == 6 and all(set(i) == {"n", "before", "sentence", "after"} for i in items)
    key = json.loads((tmp_path / "audit" / "key.json").read_text())
    for it, item in zip(key["items"], items):
        assert item["sentence"] == f"Sentence number {it['row']} here." and item["before"] == f"Before {it['row']}."
        assert it["gold"] == GOLD[it["row"]] and it["model"] == PRED[it["row"]]


def test_score_weights_cells_by_size(tmp_path):
    path = public_set(tmp_path)
    folder = tmp_path / "audit"
    sample(path, load_eval_set(path), PRED, per_cell=2, seed=1, out=folder)
    # The reader sides with the model in both disagreement cells: the gold is wrong there.
    answer(folder, lambda it: "sourced" if it["model"] == "sourced" else "not_sourced")
    result = score(folder, resamples=50)
    assert result["agreement"]["FN"] == {"read": 1, "reader_positive": 0, "unclear": 0}
    assert result["model"]["f1"]["estimate"] == 1.0
    # Gold against the reader: 3 TP, the FN row a false positive, the FP row a missed positive.
    gold = result["gold"]
    assert gold["precision"]["estimate"] == 0.75 and gold["recall"]["estimate"] == 0.75
    assert gold["f1"]["estimate"] == pytest.approx(0.75) and gold["f1"]["low"] == pytest.approx(0.75)
    assert gold["macro_f1"]["estimate"] == pytest.approx(0.75)
    table = score_table(result)
    assert "| FN | 1 | 1 | 0 | 0 |" in table and "| gold | 0.750 (0.750-0.750)" in table


def test_score_names_missing_and_bad_answers(tmp_path):
    path = public_set(tmp_path)
    folder = tmp_path / "audit"
    sample(path, load_eval_set(path), PRED, per_cell=2, seed=1, out=folder)
    with pytest.raises(AuditError, match="no answers yet"):
        score(folder)
    (folder / "answers.jsonl").write_text('{"n": 1, "label": "sourced"}\n')
    with pytest.raises(AuditError, match="5 items unanswered"):
        score(folder)
    (folder / "answers.jsonl").write_text('{"n": 1, "label": "opinion"}\n')
    with pytest.raises(AuditError, match="line 1: label 'opinion'"):
        score(folder)


def test_sample_refuses_a_set_without_binary_gold(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": "The mayor resigned.", "label": "unsourced"}) + "\n")
    with pytest.raises(AuditError, match="needs a public binary set"):
        sample(path, load_eval_set(path), ["unsourced"], per_cell=1, seed=0, out=tmp_path / "a")


def test_audit_commands_end_to_end(tiny_model, tmp_path):
    path = public_set(tmp_path)
    out = tmp_path / "audit"
    result = CliRunner().invoke(cli, ["audit", "sample", "--model", str(tiny_model), str(path), "--out", str(out),
                                      "--per-cell", "3"])
    assert result.exit_code == 0, result.output
    items = (out / "items.jsonl").read_text().splitlines()
    assert 1 <= len(items) <= 8 and '"label"' not in "".join(items)
    failed = CliRunner().invoke(cli, ["audit", "score", str(out)])
    assert failed.exit_code != 0 and "no answers yet" in failed.output
    answer(out, lambda it: it["gold"])
    scored = CliRunner().invoke(cli, ["audit", "score", str(out)])
    assert scored.exit_code == 0, scored.output
    assert "| gold | 1.000 (1.000-1.000) | 1.000" in scored.output
