"""The shipped recipe: one run per seed, their soup, and the runs' spread in the card and in `compare`."""
import json

import pytest
from click.testing import CliRunner
from safetensors.torch import load_file

from sourcemark.cli import cli
from sourcemark.training.recipe import spread, train_seeds
from sourcemark.training.train import TrainArgs

from ..conftest import build_tiny_model
from .test_corpus import write_jsonl


def test_spread_is_mean_sd_and_range():
    s = spread([0.90, 0.92, 0.94])
    assert s["n"] == 3 and s["mean"] == pytest.approx(0.92) and s["sd"] == pytest.approx(0.02)
    assert (s["min"], s["max"]) == (0.90, 0.94)
    assert spread([0.5])["sd"] == 0.0


def test_a_seed_soup_needs_two_seeds_and_no_epoch_snapshots(tmp_path, corpus_dir):
    args = TrainArgs(out=tmp_path / "m", data_dir=corpus_dir, quick=True)
    with pytest.raises(ValueError, match="at least two different seeds"):
        train_seeds(args, (13, 13))
    snapshots = TrainArgs(out=tmp_path / "m", data_dir=corpus_dir, quick=True, epochs=2, save_epochs=(1,))
    with pytest.raises(ValueError, match="save_epochs"):
        train_seeds(snapshots, (1, 2))
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_train_with_seeds_soups_the_runs_and_compare_shows_their_spread(tmp_path, corpus_dir):
    base = build_tiny_model(tmp_path / "base")
    out = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(cli, ["train", "--out", str(out), "--data-dir", str(corpus_dir), "--base", str(base),
                                 "--quick", "--epochs", "1", "--seed", "1", "--seed", "2", "--keep-runs",
                                 "--version", "r1"])
    assert result.exit_code == 0, result.output
    runs = [tmp_path / "model-seeds" / f"seed{s}" for s in (1, 2)]
    # The soup is the plain mean of the two runs' weights.
    w1, w2, ws = (load_file(str(f / "model.safetensors")) for f in (*runs, out))
    assert ws["classifier.weight"].float().allclose((w1["classifier.weight"].float() + w2["classifier.weight"].float()) / 2,
                                                    atol=2e-3)
    assert not w1["classifier.weight"].equal(w2["classifier.weight"])
    metrics = json.loads((out / "metrics.json").read_text())
    recorded = metrics["seed_runs"]
    assert [r["seed"] for r in recorded["runs"]] == [1, 2]
    run_devs = [json.loads((f / "metrics.json").read_text())["dev"]["macro_f1"] for f in runs]
    assert recorded["dev_macro_f1"]["min"] == min(run_devs) and recorded["dev_macro_f1"]["max"] == max(run_devs)
    info = json.loads((out / "sourcemark.json").read_text())
    assert info["version"] == "r1" and len(info["soup_of"]) == 2
    assert "## Seed runs" in (out / "README.md").read_text()

    binary = write_jsonl(tmp_path / "binary.jsonl", [
        {"text": "Officials said the bridge will reopen.", "label": "sourced", "task": "sourced"},
        {"text": "The bridge reopened in May.", "label": "not_sourced", "task": "sourced"}])
    result = runner.invoke(cli, ["compare", str(base), str(out), str(binary), "--data-dir", str(corpus_dir),
                                 "--split", "test", "--runs", str(runs[0]), "--runs", str(runs[1])])
    assert result.exit_code == 0, result.output
    assert "2 seed runs: mean (min-max)" in result.stdout
    assert "model is the soup of 2 seed runs (seeds 1, 2)" in result.stdout
    assert f"dev macro-F1 of the runs: mean {recorded['dev_macro_f1']['mean']:.4f}" in result.stdout

    # Without --keep-runs the runs are removed once the soup is written.
    out2 = tmp_path / "model2"
    result = runner.invoke(cli, ["train", "--out", str(out2), "--data-dir", str(corpus_dir), "--base", str(base),
                                 "--quick", "--epochs", "1", "--seed", "1", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert (out2 / "model.safetensors").is_file() and not (tmp_path / "model2-seeds").exists()
