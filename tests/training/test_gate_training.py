"""`sourcemark gate`: a copy of a model folder with a furniture gate trained into gate/."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.training.gate import GateArgs, corpus_blocks, file_lines

from ..conftest import build_tiny_model


def lines_file(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_gate_args_name_each_bad_value(tmp_path):
    model = build_tiny_model(tmp_path / "m")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(ValueError) as err:
        GateArgs(model=model, out=tmp_path / "full", lines=[tmp_path / "missing.jsonl"], threshold=1.5, epochs=0)
    message = str(err.value)
    for part in ("missing.jsonl does not exist", "threshold=1.5", "epochs=0", "folder exists and is not empty"):
        assert part in message


def test_page_lines_are_split_into_sentences_the_rules_pass(tmp_path):
    path = lines_file(tmp_path / "lines.jsonl", [
        {"text": "The next video starts in eight seconds. Read our community rules.", "label": "none"},
        {"text": "By Jane Doe", "label": "none"},  # a byline the rules already catch: not a gate example
        {"text": "The mayor resigned on Friday.", "label": "unsourced"}])
    assert file_lines(path) == [("The next video starts in eight seconds.", "furniture"),
                                ("Read our community rules.", "furniture"),
                                ("The mayor resigned on Friday.", "claim")]
    bad = lines_file(tmp_path / "bad.jsonl", [{"text": "Sign in", "label": "furniture"}])
    with pytest.raises(ValueError, match=r"bad.jsonl:1: label 'furniture'"):
        file_lines(bad)


def test_a_block_gate_also_learns_whole_short_lines_and_corpus_blocks(tmp_path):
    path = lines_file(tmp_path / "lines.jsonl", [
        {"text": "The next video starts in eight seconds. Read our community rules.", "label": "none"},
        {"text": "One line. Two lines here. Three lines here. Four lines here.", "label": "none"}])
    found = file_lines(path, max_sentences=3)
    assert ("The next video starts in eight seconds. Read our community rules.", "furniture") in found
    assert not any(text.startswith("One line. Two") for text, _ in found)  # longer than the gate is asked about
    text = "Sign up for our newsletter. It arrives on Fridays.\n\nThe mayor resigned. Her deputy takes over."
    article = {"text": text, "sentences": [
        {"start": 0, "end": 27, "label": "none"}, {"start": 28, "end": 50, "label": "none"},
        {"start": 52, "end": 71, "label": "unsourced"}, {"start": 72, "end": 95, "label": "none"}]}
    assert corpus_blocks([article], 3) == [("Sign up for our newsletter. It arrives on Fridays.", "furniture"),
                                           ("The mayor resigned. Her deputy takes over.", "claim")]
    assert corpus_blocks([article], 1) == []
    with pytest.raises(ValueError, match="unit='line'"):
        GateArgs(model=build_tiny_model(tmp_path / "m"), out=tmp_path / "o", unit="line")


@pytest.mark.slow
def test_quick_gate_copies_the_model_and_adds_a_servable_gate(tmp_path, corpus_dir):
    from sourcemark.runtime.analyze import analyze
    from sourcemark.runtime.classifier import Classifier

    model = build_tiny_model(tmp_path / "m")
    (model / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "1.0.0"}))
    (model / "README.md").write_text("# tiny 1.0.0\n\nA card.\n\n## Licence\nApache-2.0\n")
    lines = lines_file(tmp_path / "lines.jsonl", [{"text": "You have saved this article.", "label": "none"},
                                                  {"text": "The mayor resigned on Friday.", "label": "unsourced"}])
    out = tmp_path / "gated"
    result = CliRunner().invoke(cli, ["gate", "--model", str(model), "--out", str(out), "--lines", str(lines),
                                      "--data-dir", str(corpus_dir), "--base", str(build_tiny_model(tmp_path / "b")),
                                      "--quick", "--epochs", "1", "--version", "1.1.0", "--threshold", "0.8"])
    assert result.exit_code == 0, result.output
    assert "corpus dev furniture P" in result.output
    info = json.loads((out / "sourcemark.json").read_text())
    assert info["version"] == "1.1.0" and info["gate"]["threshold"] == 0.8
    gate = json.loads((out / "gate" / "gate.json").read_text())
    assert gate["threshold"] == 0.8 and gate["lines"] == [str(lines)]
    assert gate["unit"] == "block" and gate["max_sentences"] == 3 and info["gate"]["unit"] == "block"
    assert {"precision", "recall", "f1"} <= set(gate["metrics"]["dev"])
    card = (out / "README.md").read_text()
    assert card.startswith("# tiny 1.1.0\n") and card.index("## Furniture gate") < card.index("## Licence")
    assert "p(furniture) ≥ 0.8" in card
    assert (out / "model.safetensors").read_bytes() == (model / "model.safetensors").read_bytes()
    assert json.loads((model / "sourcemark.json").read_text())["version"] == "1.0.0"  # the source is untouched
    classifier = Classifier(out, runtime="torch")
    assert classifier.gate is not None and classifier.gate.threshold == 0.8
    assert len(analyze("The mayor resigned on Friday.", classifier)["sentences"]) == 1

    # A cut gate: only the base's first layer, saved so it loads as a one-layer model.
    small = tmp_path / "small"
    cut = CliRunner().invoke(cli, ["gate", "--model", str(model), "--out", str(small), "--lines", str(lines),
                                   "--data-dir", str(corpus_dir), "--base", str(tmp_path / "b"), "--quick",
                                   "--epochs", "1", "--layers", "1"])
    assert cut.exit_code == 0, cut.output
    assert json.loads((small / "gate" / "config.json").read_text())["num_hidden_layers"] == 1
    assert json.loads((small / "gate" / "gate.json").read_text())["layers"] == 1
    assert len(Classifier(small, runtime="torch").gate.runtime.model.base_model.encoder.layer) == 1
    too_deep = CliRunner().invoke(cli, ["gate", "--model", str(model), "--out", str(tmp_path / "deep"),
                                        "--data-dir", str(corpus_dir), "--base", str(tmp_path / "b"), "--quick",
                                        "--layers", "5"])
    assert too_deep.exit_code != 0 and "layers=5: the base model has only 2 layers" in too_deep.output

    again = CliRunner().invoke(cli, ["gate", "--model", str(model), "--out", str(out), "--quick"])
    assert again.exit_code != 0 and "folder exists and is not empty" in again.output


def test_a_new_gate_replaces_the_cards_old_gate_section():
    from sourcemark.training.card import with_gate

    gate = {"base_model": "base", "lines": ["a.jsonl"], "epochs": 2, "seed": 13, "max_tokens": 128,
            "threshold": 0.9, "unit": "block", "max_sentences": 3,
            "metrics": {"dev": {"precision": 0.9, "recall": 0.8}, "train_lines": {"furniture": 5, "claim": 9},
                        "minutes": 1.0}}
    old = "# m 1.7.0\n\nA card.\n\n## Furniture gate\nThe old sentence gate.\n\n## Licence\nApache-2.0\n"
    card = with_gate(old, "1.8.0", gate)
    assert card.startswith("# m 1.8.0\n") and card.count("## Furniture gate") == 1
    assert "The old sentence gate" not in card and "up to 3 sentences" in card
    assert card.index("## Furniture gate") < card.index("## Licence") and card.endswith("Apache-2.0\n")
