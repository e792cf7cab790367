"""`sourcemark soup`: the mean of compatible models' weights, scored and carded; incompatible ones refused."""
import json

from click.testing import CliRunner
from safetensors.torch import load_file

from sourcemark.cli import cli

from ..conftest import build_tiny_model


def test_soup_averages_weights_and_records_its_ingredients(tmp_path, corpus_dir):
    a = build_tiny_model(tmp_path / "a", seed=1)
    b = build_tiny_model(tmp_path / "b", seed=2)
    out = tmp_path / "soup"
    result = CliRunner().invoke(cli, ["soup", "--out", str(out), "--data-dir", str(corpus_dir), "--version", "s1",
                                      str(a), str(b)])
    assert result.exit_code == 0, result.output
    wa, wb, ws = (load_file(str(f / "model.safetensors")) for f in (a, b, out))
    key = "classifier.weight"
    assert ws[key].allclose((wa[key] + wb[key]) / 2, atol=1e-6)
    assert not ws[key].allclose(wa[key])
    info = json.loads((out / "sourcemark.json").read_text())
    assert info["version"] == "s1" and [i["weights_sha256"] for i in info["soup_of"]][0] != info["soup_of"][1]["weights_sha256"]
    metrics = json.loads((out / "metrics.json").read_text())
    assert 0 <= metrics["dev"]["macro_f1"] <= 1 and metrics["test"]["n"] == 8
    card = (out / "README.md").read_text()
    assert "model soup" in card and "## Ingredients" in card and "## Scores" in card
    assert f"dev macro-F1 {metrics['dev']['macro_f1']:.4f}" in result.output


def test_soup_refuses_models_with_other_labels_and_keeps_out_untouched(tmp_path, corpus_dir):
    a = build_tiny_model(tmp_path / "a")
    b = build_tiny_model(tmp_path / "b", labels=["sourced", "unsourced", "opinion", "satire"])
    out = tmp_path / "soup"
    result = CliRunner().invoke(cli, ["soup", "--out", str(out), "--data-dir", str(corpus_dir), str(a), str(b)])
    assert result.exit_code != 0 and "labels" in result.output and not out.exists()

    result = CliRunner().invoke(cli, ["soup", "--out", str(out), "--data-dir", str(corpus_dir), str(a)])
    assert result.exit_code != 0 and "at least two" in result.output
