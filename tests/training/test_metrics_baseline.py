import pytest

from sourcemark.training import baseline
from sourcemark.training.metrics import binary_metrics, classification_metrics


def test_classification_metrics_by_hand():
    gold = ["sourced", "sourced", "opinion", "unsourced"]
    pred = ["sourced", "opinion", "opinion", "sourced"]
    m = classification_metrics(gold, pred, ["sourced", "unsourced", "opinion"])
    assert m["confusion"] == [[1, 0, 1], [1, 0, 0], [0, 0, 1]]
    assert m["per_class"]["sourced"]["precision"] == pytest.approx(0.5)
    assert m["per_class"]["opinion"]["f1"] == pytest.approx(2 / 3)
    assert m["macro_f1"] == pytest.approx((0.5 + 0 + 2 / 3) / 3) and m["accuracy"] == 0.5


def test_binary_metrics_fold_other_labels_into_negative():
    m = binary_metrics(["opinion", "not_opinion", "not_opinion"], ["opinion", "sourced", "opinion"], "opinion")
    assert m["confusion"] == [[1, 0], [1, 1]] and m["precision"] == 0.5 and m["recall"] == 1.0


@pytest.mark.parametrize("sentence,label", [
    ("The bridge will reopen in May, according to the ministry.", "sourced"),
    ("“We were not consulted,” a spokesperson said.", "sourced"),
    ("The council should resign.", "opinion"),
    ("Why should taxpayers pay for this?", "opinion"),
    ("Unemployment fell to 4.1 percent in March.", "unsourced"),
    ("By Jane Doe", "none")])
def test_cue_baseline(sentence, label):
    assert baseline.predict(sentence) == label
