"""A --quick train and evaluate round trip with a tiny model as the base."""
import json

import pytest
from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.training.train import TrainArgs

from ..conftest import build_tiny_model
from .test_corpus import write_jsonl



def test_train_args_are_validated(tmp_path):
    with pytest.raises(ValueError) as err:
        TrainArgs(out=tmp_path / "m", context="both", epochs=0, add=[tmp_path / "missing.csv"], save_epochs=(3,))
    message = str(err.value)
    assert "context='both'" in message and "epochs=0" in message and "missing.csv" in message
    assert "save_epochs: 3 is not between 1 and epochs=0" in message


@pytest.mark.slow
def test_quick_train_then_evaluate_and_compare(tmp_path, corpus_dir):
    base = build_tiny_model(tmp_path / "base")
    extra = tmp_path / "extra.csv"
    extra.write_text("text,label\nThe show was a riot of bad taste.,satire\nThe mayor resigned on Friday.,unsourced\n",
                     encoding="utf-8")
    out = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(cli, ["train", "--out", str(out), "--data-dir", str(corpus_dir), "--base", str(base),
                                 "--add", str(extra), "--quick", "--version", "t1", "--context", "pair",
                                 "--save-epoch", "1"])
    assert result.exit_code == 0, result.output
    config = json.loads((out / "config.json").read_text())
    # The label set comes from the data: a new label from --add needs no code change.
    assert set(config["id2label"].values()) == {"sourced", "unsourced", "opinion", "satire"}
    info = json.loads((out / "sourcemark.json").read_text())
    assert info["version"] == "t1" and info["context"] == "pair"
    assert {d["path"] for d in info["data"]} >= {str(corpus_dir / "articles.jsonl"), str(extra)}
    assert all(len(d["sha256"]) == 64 for d in info["data"])
    metrics = json.loads((out / "metrics.json").read_text())
    assert 0 <= metrics["dev"]["macro_f1"] <= 1 and metrics["history"][0]["epoch"] == 1
    # Two epochs, then their mean, scored on dev; the best of the three is kept and named.
    assert [h["epoch"] for h in metrics["history"]][-1] == "mean of 1-2"
    best = max(metrics["history"], key=lambda h: h["dev_macro_f1"])["dev_macro_f1"]
    assert metrics["dev"]["macro_f1"] == pytest.approx(best, abs=1e-6)
    assert metrics["chosen"] in ("epoch 1", "epoch 2", "the mean of epochs 1-2")
    card = (out / "README.md").read_text()
    assert "## Scores" in card and f"Kept: {metrics['chosen']}" in card
    # The epoch-1 snapshot is a model folder of its own, with that epoch's dev score.
    snapshot = json.loads((tmp_path / "model-epoch1" / "metrics.json").read_text())
    assert snapshot["chosen"] == "epoch 1" and snapshot["dev"]["macro_f1"] == metrics["history"][0]["dev_macro_f1"]
    assert (tmp_path / "model-epoch1" / "model.safetensors").is_file()

    binary = write_jsonl(tmp_path / "binary.jsonl", [
        {"text": "Officials said the bridge will reopen.", "label": "sourced", "task": "sourced"},
        {"text": "The bridge reopened in May.", "label": "not_sourced", "task": "sourced"}])
    report_dir = tmp_path / "report"
    result = runner.invoke(cli, ["evaluate", "--model", str(out), "--data-dir", str(corpus_dir), "--split", "test",
                                 str(binary), "--out", str(report_dir)])
    assert result.exit_code == 0, result.output
    saved = json.loads((report_dir / "metrics.json").read_text())
    assert set(saved["sets"]) == {"corpus:test", "binary.jsonl"}
    assert saved["sets"]["binary.jsonl"]["model"]["n"] == 2 and saved["sets"]["corpus:test"]["model"]["n"] == 8
    assert (report_dir / "binary.jsonl.png").stat().st_size > 1000
    assert "cue baseline" in (report_dir / "report.md").read_text()

    # No int8 graph was exported: asking for it names the command that builds it.
    result = runner.invoke(cli, ["evaluate", "--model", str(out), "--runtime", "onnx", str(binary)])
    assert result.exit_code != 0 and "sourcemark export" in result.output

    result = runner.invoke(cli, ["compare", str(out), str(out), str(binary)])
    assert result.exit_code == 0 and "+0.00 |" in result.stdout and result.stdout.startswith("Runtime: torch\n")


def test_epoch_weights_are_summed_as_floats_and_buffers_kept():
    import torch

    from sourcemark.training.train import _add_weights

    a = {"w": torch.tensor([1.0, 2.0], dtype=torch.float16), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 6.0]), "ids": torch.tensor([0, 1])}
    total = _add_weights(_add_weights(None, a), b)
    assert total["w"].dtype == torch.float32 and total["w"].tolist() == [4.0, 8.0]
    assert total["ids"].tolist() == [0, 1]
    assert a["w"].tolist() == [1.0, 2.0]  # the model's own tensors are not touched


def _weight_dtypes(folder):
    from safetensors import safe_open

    with safe_open(folder / "model.safetensors", "pt") as f:
        return {str(f.get_slice(k).get_dtype()) for k in f.keys() if "position_ids" not in k}


def test_training_from_a_shipped_fp16_model_runs_in_fp32(tmp_path, corpus_dir):
    """Shipped models are fp16 on disk; continuing from one trains fp32 weights (--fp32 keeps them so)."""
    from transformers import AutoModelForSequenceClassification

    base = build_tiny_model(tmp_path / "base")
    AutoModelForSequenceClassification.from_pretrained(base).half().save_pretrained(base)
    assert _weight_dtypes(base) == {"F16"}
    out = tmp_path / "model"
    result = CliRunner().invoke(cli, ["train", "--out", str(out), "--data-dir", str(corpus_dir), "--base", str(base),
                                      "--quick", "--version", "t2", "--fp32"])
    assert result.exit_code == 0, result.output
    assert _weight_dtypes(out) == {"F32"}
