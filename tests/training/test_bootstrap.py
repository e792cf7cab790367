"""Bootstrap intervals: the recomputed score equals evaluate's; intervals tell noise from change and bound a score."""
import json
import random

import pytest

from sourcemark.training.bootstrap import headline_of, paired_interval, score_interval
from sourcemark.training.evaluate import EvalSet, evaluate_set
from sourcemark.training.corpus import Example
from sourcemark.training.report import compare_table, summary_table, write_report

LABELS = ["sourced", "unsourced", "opinion", "none"]


class TableModel:
    """Predicts the label its table gives each sentence."""
    name, version, labels = "table", "0", LABELS

    def __init__(self, table):
        self.table = table

    def predict(self, sentences, contexts=None):
        return [{l: (0.7 if l == self.table[s] else 0.1) for l in LABELS} for s in sentences]


def scored(kind, gold, pred, positive=None, version="0"):
    """evaluate_set's result for a set whose sentence i is gold[i], predicted pred[i]."""
    texts = [f"Sentence number {i} of the set." for i in range(len(gold))]
    data = EvalSet("set.jsonl", kind, [Example(t, g, "", "") for t, g in zip(texts, gold)], positive=positive)
    result = evaluate_set(TableModel(dict(zip(texts, pred))), data)
    return {"model": {"version": version, "runtime": "onnx-int8"}, "sets": {"set.jsonl": result}}


def noisy(gold, wrong, seed):
    """The gold labels with `wrong` of them replaced by another label."""
    rng = random.Random(seed)
    pred = list(gold)
    for i in rng.sample(range(len(gold)), wrong):
        pred[i] = next(l for l in LABELS[:3] if l != gold[i])
    return pred


@pytest.mark.parametrize("kind,positive,gold_labels", [
    ("multi", None, LABELS[:3]),
    ("binary", "opinion", ["opinion", "not_opinion"]),
    ("binary", "sourced", ["sourced", "not_sourced"]),
])
def test_the_recomputed_headline_is_what_evaluate_reports(kind, positive, gold_labels):
    rng = random.Random(1)
    gold = [rng.choice(gold_labels) for _ in range(300)]
    pred = [g if rng.random() < 0.8 else rng.choice(LABELS) for g in gold]
    result = scored(kind, gold, pred, positive)["sets"]["set.jsonl"]
    assert headline_of(result, result["gold"], result["pred"]) == pytest.approx(result["model"][result["headline"]])


def test_a_real_gain_is_outside_the_noise_and_a_one_sentence_change_is_not():
    rng = random.Random(2)
    gold = [rng.choice(LABELS[:3]) for _ in range(600)]
    old = scored("multi", gold, noisy(gold, 150, 3))["sets"]["set.jsonl"]
    better = scored("multi", gold, noisy(gold, 60, 4))["sets"]["set.jsonl"]
    low, high = paired_interval(old, better)
    assert 0 < low < high  # 90 fewer errors in 600: the whole interval is a gain
    one_more = list(old["pred"])
    i = next(i for i, (g, p) in enumerate(zip(gold, one_more)) if g == p)
    one_more[i] = next(l for l in LABELS[:3] if l != gold[i])
    worse = scored("multi", gold, one_more)["sets"]["set.jsonl"]
    low, high = paired_interval(old, worse)
    change = (worse["model"]["macro_f1"] - old["model"]["macro_f1"]) * 100
    assert -1 < low <= change < 0 <= high + 1e-9  # one error more: a small loss, and no change is inside
    assert paired_interval(old, old) == (0.0, 0.0)


def test_results_on_different_items_or_without_items_get_no_interval():
    gold = ["sourced", "opinion"] * 20
    a = scored("multi", gold, gold)["sets"]["set.jsonl"]
    b = scored("multi", gold[::-1], gold)["sets"]["set.jsonl"]
    assert paired_interval(a, b) is None
    assert paired_interval({k: v for k, v in a.items() if k not in ("gold", "pred")}, a) is None


def test_compare_shows_the_interval_and_metrics_json_keeps_no_items(tmp_path):
    rng = random.Random(5)
    gold = [rng.choice(LABELS[:3]) for _ in range(400)]
    old, new = scored("multi", gold, noisy(gold, 100, 6), version="1"), scored("multi", gold, noisy(gold, 40, 7), version="2")
    table = compare_table(old, new)
    header, _, row = table.splitlines()[2:5]
    assert header.endswith("| 95% interval of the change (paired bootstrap) |")
    low, high = paired_interval(old["sets"]["set.jsonl"], new["sets"]["set.jsonl"])
    assert row.endswith(f"| {low:+.2f} to {high:+.2f} |") and low > 0
    write_report({**new, "model": {"name": "m", "version": "2", "folder": "x"}}, tmp_path / "out")
    saved = json.loads((tmp_path / "out" / "metrics.json").read_text())["sets"]["set.jsonl"]
    assert "gold" not in saved and "pred" not in saved and saved["model"]["macro_f1"] > 0.8


def test_a_score_interval_holds_the_score_and_narrows_as_the_set_grows(tmp_path):
    rng = random.Random(8)
    widths = []
    for size in (200, 2000):
        gold = [rng.choice(["opinion", "not_opinion"]) for _ in range(size)]
        pred = [("opinion" if g == "not_opinion" else "not_opinion") if rng.random() < 0.2 else g for g in gold]
        pred = [p if p == "opinion" else "unsourced" for p in pred]
        evaluation = scored("binary", gold, pred, "opinion")
        result = evaluation["sets"]["set.jsonl"]
        low, high = result["interval"]
        assert low < result["model"]["macro_f1"] < high and (low, high) == score_interval(result)
        widths.append(high - low)
    assert 0.04 < widths[0] and widths[1] < widths[0] / 2  # ten times the items: about a third as wide
    row = summary_table({**evaluation, "model": {"name": "m", "version": "2", "folder": "x"}}).splitlines()[2]
    assert f"| {low:.3f}-{high:.3f} |" in row
    write_report({**evaluation, "model": {"name": "m", "version": "2", "folder": "x"}}, tmp_path / "out")
    saved = json.loads((tmp_path / "out" / "metrics.json").read_text())["sets"]["set.jsonl"]
    assert saved["interval"] == [low, high]


def test_a_set_without_items_or_without_errors_gets_no_f1_interval():
    result = scored("multi", ["sourced", "opinion"] * 5, ["sourced", "opinion"] * 5)["sets"]["set.jsonl"]
    assert score_interval({k: v for k, v in result.items() if k != "gold"}) is None
    assert score_interval(result) is None  # every resample scores 1.0: no interval, rather than 1.0-1.0


def test_a_share_of_furniture_lines_gets_the_wilson_interval_even_without_misses():
    def lines(caught, furniture, claims):
        gold = ["none"] * furniture + ["unsourced"] * claims
        pred = ["none"] * caught + ["unsourced"] * (furniture - caught + claims)
        return {"kind": "lines", "positive": "none", "headline": "recall", "gold": gold, "pred": pred}
    low, high = score_interval(lines(108, 108, 235))
    assert high == pytest.approx(1.0) and 0.96 < low < 0.975  # all 108 caught: the next line may still be missed
    low, high = score_interval(lines(80, 100, 50))
    assert (round(low, 3), round(high, 3)) == (0.711, 0.867)  # Wilson's for 80 of 100
