"""The furniture gate: a second, binary model in <model>/gate/ that labels lone page lines `none`."""
from __future__ import annotations

import json

import pytest

from sourcemark.runtime.analyze import analyze
from sourcemark.runtime.classifier import Classifier, MissingGraph

from ..conftest import build_tiny_model

TEXT = ("You have saved this article to your reading list.\n\n"
        "The council met on Monday. It voted to close the library.\n\n"
        "Council scraps bus fares")


def with_gate(folder, furniture_bias: float, threshold: float = 0.9, **unit):
    """A tiny model whose gate says `furniture` with a probability set by its head's bias."""
    import torch
    from transformers import BertForSequenceClassification

    build_tiny_model(folder)
    gate = build_tiny_model(folder / "gate", labels=["claim", "furniture"])
    model = BertForSequenceClassification.from_pretrained(gate)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, furniture_bias]))
    model.save_pretrained(gate)
    (gate / "gate.json").write_text(json.dumps({"threshold": threshold, "max_tokens": 64, **unit}))
    return folder


def by_text(result):
    return {s["text"]: s for s in result["sentences"]}


def test_a_lone_line_the_gate_calls_furniture_is_none(tmp_path):
    result = by_text(analyze(TEXT, Classifier(with_gate(tmp_path / "m", 6.0), runtime="torch")))
    saved = result["You have saved this article to your reading list."]
    assert saved["label"] == "none" and saved["rule"] == "furniture_gate"
    assert saved["confidence"] > 0.99 and set(saved["scores"]) == {"sourced", "unsourced", "opinion"}
    # A paragraph's sentences are the sentence model's to label; a short headline with a verb stays a claim.
    for text in ("The council met on Monday.", "It voted to close the library.", "Council scraps bus fares"):
        assert result[text]["label"] != "none" and "rule" not in result[text]
    assert sum(analyze(TEXT, Classifier(with_gate(tmp_path / "m2", 6.0), runtime="torch"))["counts"].values()) == 3


def test_a_block_gate_reads_a_short_block_whole_and_leaves_longer_ones(tmp_path):
    folder = with_gate(tmp_path / "m", 6.0, unit="block", max_sentences=2)
    classifier = Classifier(folder, runtime="torch")
    asked = []
    score = classifier.gate.furniture
    classifier.gate.furniture = lambda lines: asked.extend(lines) or score(lines)
    result = by_text(analyze(TEXT + "\n\nOne. Two is here. Three is here too.", classifier))
    # The two-sentence block goes to the gate as one line, and both its sentences take its verdict.
    assert "The council met on Monday. It voted to close the library." in asked
    for text in ("The council met on Monday.", "It voted to close the library."):
        assert result[text]["label"] == "none" and result[text]["rule"] == "furniture_gate"
    # A block longer than max_sentences, and a short headline with a verb, are never asked.
    assert not any("Three" in line or line == "Council scraps bus fares" for line in asked)
    assert result["Council scraps bus fares"]["label"] != "none"


def test_a_gate_names_its_unit_or_is_refused(tmp_path):
    from sourcemark.runtime.gate import load_gate

    assert load_gate(with_gate(tmp_path / "old", 6.0), "torch").max_sentences == 1  # a gate.json without "unit"
    with pytest.raises(ValueError, match="gate unit 'paragraph'"):
        load_gate(with_gate(tmp_path / "bad", 6.0, unit="paragraph"), "torch")


def test_below_its_threshold_the_gate_changes_nothing(tmp_path, tiny_model):
    gated = analyze(TEXT, Classifier(with_gate(tmp_path / "m", 2.0, threshold=0.95), runtime="torch"))
    plain = analyze(TEXT, Classifier(tiny_model, runtime="torch"))
    assert [s["label"] for s in gated["sentences"]] == [s["label"] for s in plain["sentences"]]
    assert not any(s.get("rule") == "furniture_gate" for s in gated["sentences"])


def test_a_model_without_a_gate_has_none(tiny_model):
    classifier = Classifier(tiny_model, runtime="torch")
    assert classifier.gate is None and classifier.furniture(["Sign in to comment."]) is None


def test_gate_scores_are_cached_apart_from_labels(tmp_path):
    classifier = Classifier(with_gate(tmp_path / "m", 6.0), runtime="torch", cache_bytes=1 << 20)
    first = classifier.furniture(["Comments are closed."])
    classifier.gate.furniture = lambda sentences: pytest.fail("a cached line went to the gate again")
    assert classifier.furniture(["Comments are closed."]) == first
    assert set(classifier.predict(["Comments are closed."])[0]) == {"sourced", "unsourced", "opinion"}


@pytest.mark.slow
def test_export_builds_the_gate_graph_and_onnx_serves_it(tmp_path):
    from sourcemark.runtime.export import export_onnx, graph_paths
    from sourcemark.runtime.registry import Registry, ensure_graph

    root = tmp_path / "models"
    folder = with_gate(root / "v1", 6.0)
    (folder / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v1"}))
    export_onnx(folder, ["A sentence to calibrate on.", "Another one, a little longer."])
    main_graph, gate_graph = graph_paths(folder)
    assert main_graph.is_file() and gate_graph.is_file()
    classifier = Classifier(folder, runtime="onnx")
    assert classifier.gate.runtime.name == "onnx-int8"
    saved = by_text(analyze(TEXT, classifier))["You have saved this article to your reading list."]
    assert saved["rule"] == "furniture_gate"

    gate_graph.unlink()  # a gate without its graph: onnx refuses and names the command, promote rebuilds it
    with pytest.raises(MissingGraph, match="sourcemark export"):
        Classifier(folder, runtime="onnx")
    assert Registry(root).versions()[0]["graph"] is False
    ensure_graph(folder)
    assert gate_graph.is_file() and Registry(root).versions()[0]["graph"] is True


def test_a_retrained_model_carries_the_gate_without_its_graph(tmp_path):
    from sourcemark.runtime.gate import carry_gate

    source = with_gate(tmp_path / "old", 6.0)
    (source / "gate" / "onnx").mkdir()
    (source / "gate" / "onnx" / "model.int8.onnx").write_bytes(b"stale")
    target = build_tiny_model(tmp_path / "new")
    assert carry_gate(source, target) is True
    assert (target / "gate" / "gate.json").is_file() and not (target / "gate" / "onnx").exists()
    assert Classifier(target, runtime="torch").gate.threshold == 0.9
    assert carry_gate(build_tiny_model(tmp_path / "plain"), build_tiny_model(tmp_path / "other")) is False


def test_the_furniture_gate_setting_turns_the_gate_off(tmp_path, monkeypatch):
    from sourcemark.runtime.classifier import ModelHolder
    from sourcemark.settings import load

    folder = with_gate(tmp_path / "m", 6.0)
    monkeypatch.setenv("SOURCEMARK_MODEL", str(folder))
    monkeypatch.setenv("SOURCEMARK_RUNTIME", "torch")
    monkeypatch.setenv("SOURCEMARK_DATA_DIR", str(tmp_path / "data"))
    assert ModelHolder(load()).get().gate is not None
    monkeypatch.setenv("SOURCEMARK_FURNITURE_GATE", "false")
    classifier = ModelHolder(load()).get()
    assert classifier.gate is None
    assert not any(s.get("rule") == "furniture_gate" for s in analyze(TEXT, classifier)["sentences"])
