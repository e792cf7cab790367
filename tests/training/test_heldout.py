"""The retrain gate's measures: held-out label files of one class or several, compare's table in points."""
import pytest

from sourcemark.training.corpus import Example
from sourcemark.training.evaluate import EvalSet, evaluate_set
from sourcemark.training.report import compare_table
from sourcemark.training.retrain import HELDOUT, conflicts, decide


class FixedModel:
    """Answers a fixed label per sentence: the gate's arithmetic, without a network in the way."""

    labels = ["sourced", "unsourced", "opinion", "none"]

    def __init__(self, answers):
        self.answers = answers

    def predict(self, sentences, contexts=None):
        return [{l: float(l == self.answers[s]) for l in self.labels} for s in sentences]


def held_out(labels):
    return EvalSet(HELDOUT, "multi", [Example(f"Sentence {i}.", label) for i, label in enumerate(labels)])


def score(data, predicted):
    model = FixedModel({e.text: p for e, p in zip(data.examples, predicted)})
    return evaluate_set(model, data)["model"]["macro_f1"]


def test_one_class_file_counts_predictions_of_other_labels_as_errors():
    data = held_out(["sourced"] * 13)
    assert score(data, ["unsourced"] * 13) == 0.0  # the old model, wrong on all 13
    # A junk model that says sourced once must not look perfect (it scored 1.000 when errors were dropped).
    assert score(data, ["sourced"] + ["opinion"] * 12) == pytest.approx(2 * (1 / 13) / (1 + 1 / 13))
    good = score(data, ["sourced"] * 12 + ["none"])
    assert good == pytest.approx(2 * (12 / 13) / (1 + 12 / 13))
    assert score(data, ["sourced"] * 13) == 1.0
    assert score(data, ["sourced"] * 12 + ["none"]) > score(data, ["sourced"] * 8 + ["none"] * 5)


def test_mixed_file_is_macro_averaged_over_its_own_labels():
    data = held_out(["sourced", "sourced", "opinion", "opinion"])
    # sourced: P 1/2 R 1/2; opinion: P 1 R 1/2; unsourced (never gold) is counted as errors, not averaged.
    value = score(data, ["sourced", "unsourced", "opinion", "sourced"])
    assert value == pytest.approx((0.5 + 2 * 1 * 0.5 / 1.5) / 2)


def test_gate_on_one_class_held_out_labels_rejects_a_junk_model():
    data = held_out(["sourced"] * 10)
    result = lambda predicted, test: {"sets": {  # noqa: E731
        "corpus:test": {"kind": "multi", "headline": "macro_f1", "model": {"macro_f1": test}},
        HELDOUT: evaluate_set(FixedModel({e.text: p for e, p in zip(data.examples, predicted)}), data)}}
    old = result(["unsourced"] * 8 + ["sourced"] * 2, 0.92)
    junk = result(["sourced"] * 3 + ["opinion"] * 7, 0.20)
    better = result(["sourced"] * 8 + ["unsourced"] * 2, 0.919)
    assert not decide(old, junk, 0.5)["promote"]  # held-out rose, but the test split fell 72 points
    decision = decide(old, better, 0.5)
    assert decision["promote"]
    assert [r["change_points"] for r in decision["rows"]] == [pytest.approx(-0.1), pytest.approx(55.5556, abs=1e-3)]  # F1 0.333 -> 0.889


def test_compare_table_states_the_runtime_and_the_change_in_points():
    def result(runtime, value):
        return {"model": {"version": "v", "runtime": runtime},
                "sets": {"corpus:test": {"kind": "multi", "headline": "macro_f1", "positive": None,
                                         "model": {"macro_f1": value}}}}
    table = compare_table(result("onnx-int8", 0.9266), result("onnx-int8", 0.9304))
    assert table.startswith("Runtime: onnx-int8\n") and "| 0.9266 | 0.9304 | +0.38 |" in table
    assert "NOT the same runtime" in compare_table(result("onnx-int8", 0.9), result("torch", 0.9))


def test_conflicting_accepted_labels_are_found_by_sentence():
    rows = [{"id": 1, "text": "Prices  rose.", "label": "unsourced"}, {"id": 2, "text": "Prices rose.", "label": "sourced"},
            {"id": 3, "text": "It rained.", "label": "unsourced"}, {"id": 4, "text": "It rained. ", "label": "unsourced"}]
    assert {text: [r["id"] for r in group] for text, group in conflicts(rows).items()} == {"Prices rose.": [1, 2]}
