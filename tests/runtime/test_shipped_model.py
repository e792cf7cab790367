"""The model in models/ loads and labels clear sentences right (needs the shipped model)."""
import pytest

from sourcemark.runtime.analyze import analyze
from sourcemark.runtime.classifier import Classifier
from sourcemark.settings import DEFAULT_MODEL_DIR

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def shipped():
    return Classifier(DEFAULT_MODEL_DIR, runtime="torch")


def test_labels_clear_sentences(shipped):
    text = ("Unemployment fell to 4.1 percent in March.\n\n"
            "“We were not consulted,” a spokesperson for the union said on Tuesday.\n\n"
            "The council's decision is a disgraceful betrayal of the people who elected it.")
    labels = [s["label"] for s in analyze(text, shipped)["sentences"]]
    assert labels == ["unsourced", "sourced", "opinion"]


def test_card_and_metrics_are_shipped(shipped):
    assert shipped.info["metrics"]["test"]["macro_f1"] > 0.8
    assert (shipped.folder / "README.md").read_text().startswith("# sourcemark-minilm")


@pytest.fixture(scope="module")
def fast_copy(shipped, tmp_path_factory):
    """The shipped model with its int8 graph exported into a temp copy (the repo stays untouched)."""
    import shutil

    from sourcemark.runtime.export import corpus_calibration, export_onnx

    folder = tmp_path_factory.mktemp("fast") / shipped.folder.name
    shutil.copytree(shipped.folder, folder, ignore=shutil.ignore_patterns("onnx"))
    calibration = corpus_calibration(shipped.folder.parents[1] / "data")  # the repository's corpus
    assert len(calibration) == 1000
    export_onnx(folder, calibration)
    return Classifier(folder, runtime="onnx")


def test_fast_path_agrees_with_fp32_on_the_test_split(shipped, fast_copy):
    from sourcemark.training.corpus import article_examples, load_corpus
    from sourcemark.training.metrics import classification_metrics

    examples = [e for a in load_corpus(shipped.folder.parents[1] / "data")["test"] for e in article_examples(a)]
    texts, contexts, gold = [e.text for e in examples], [e.context for e in examples], [e.label for e in examples]
    reference = [max(p, key=p.get) for p in shipped.predict(texts, contexts)]
    fast = [max(p, key=p.get) for p in fast_copy.predict(texts, contexts)]
    agreement = sum(a == b for a, b in zip(reference, fast)) / len(examples)
    f1_ref = classification_metrics(gold, reference, shipped.labels)["macro_f1"]
    f1_fast = classification_metrics(gold, fast, shipped.labels)["macro_f1"]
    print(f"agreement {agreement:.4f}, macro-F1 fp32 {f1_ref:.4f}, int8 {f1_fast:.4f}")
    assert agreement >= 0.99
    assert abs(f1_ref - f1_fast) <= 0.005


def test_the_gate_hides_two_sentence_page_boxes_and_keeps_a_news_paragraph(shipped):
    text = ("Correction: An earlier version of this article gave the wrong date of the vote. It took place on 4 March.\n\n"
            "The council voted on 4 March to close the library. Its budget will fall by 12% next year.\n\n"
            "Sir Anthony Wexley is a retired High Court judge. He writes about the courts for the Courier.")
    result = analyze(text, shipped)["sentences"]
    assert [s["label"] for s in result] == ["none", "none", "unsourced", "unsourced", "none", "none"]
    assert {s.get("rule") for i, s in enumerate(result) if i not in (2, 3)} == {"furniture_gate"}
