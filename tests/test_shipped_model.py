"""The model in models/ loads and labels clear sentences right (needs the shipped model)."""
import pytest

from sourcemark.analyze import analyze
from sourcemark.classifier import Classifier
from sourcemark.settings import DEFAULT_MODEL_DIR

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def shipped():
    return Classifier(DEFAULT_MODEL_DIR)


def test_labels_clear_sentences(shipped):
    text = ("Unemployment fell to 4.1 percent in March.\n\n"
            "“We were not consulted,” a spokesperson for the union said on Tuesday.\n\n"
            "The council's decision is a disgraceful betrayal of the people who elected it.")
    labels = [s["label"] for s in analyze(text, shipped)["sentences"]]
    assert labels == ["unsourced", "sourced", "opinion"]


def test_card_and_metrics_are_shipped(shipped):
    assert shipped.info["metrics"]["test"]["macro_f1"] > 0.8
    assert (shipped.folder / "README.md").read_text().startswith("# sourcemark-minilm")
