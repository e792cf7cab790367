"""`sourcemark calibrate`: the head scale fitted on dev lowers log-loss, keeps every label and is recorded."""
import json

from click.testing import CliRunner
from safetensors.torch import load_file

from sourcemark.cli import cli
from sourcemark.runtime.classifier import Classifier
from sourcemark.training.calibrate import fit_scale
from sourcemark.training.corpus import article_examples, load_corpus

from ..conftest import build_tiny_model


def test_fit_scale_sharpens_an_underconfident_model_and_softens_an_overconfident_one():
    gold = [0, 0, 0, 1, 1, 1, 0, 1]
    right = [[0.6, 0.4], [0.6, 0.4], [0.6, 0.4], [0.4, 0.6], [0.4, 0.6], [0.4, 0.6], [0.6, 0.4], [0.4, 0.6]]
    assert fit_scale(right, gold) > 1  # always right at 60%: sharpen
    half_wrong = [[0.99, 0.01], [0.01, 0.99]] * 4
    assert fit_scale(half_wrong, [0, 0, 1, 1, 0, 0, 1, 1]) < 1  # 99% sure, right half the time: soften


def test_calibrate_rewrites_the_head_keeps_labels_and_records_the_scale(tmp_path, corpus_dir):
    model = build_tiny_model(tmp_path / "m", seed=3)
    (model / "onnx").mkdir()
    (model / "onnx" / "model.int8.onnx").write_bytes(b"stale")
    texts = [e.text for a in load_corpus(corpus_dir)["dev"] for e in article_examples(a)]
    before_weights = load_file(str(model / "model.safetensors"))
    before = Classifier(model, runtime="torch").predict(texts)

    result = CliRunner().invoke(cli, ["calibrate", "--data-dir", str(corpus_dir), str(model)])
    assert result.exit_code == 0, result.output

    info = json.loads((model / "sourcemark.json").read_text())
    scale = info["calibration"]["head_scale"]
    assert f"head scaled by {scale:.2f}" in result.output and scale != 1.0
    assert info["calibration"]["dev_after"]["log_loss"] < info["calibration"]["dev_before"]["log_loss"]
    after_weights = load_file(str(model / "model.safetensors"))
    assert after_weights["classifier.bias"].allclose(before_weights["classifier.bias"].float() * scale, atol=1e-3)
    assert after_weights["bert.pooler.dense.weight"].equal(before_weights["bert.pooler.dense.weight"])
    assert not (model / "onnx").exists()
    after = Classifier(model, runtime="torch").predict(texts)
    assert [max(p, key=p.get) for p in after] == [max(p, key=p.get) for p in before]
    assert [max(p.values()) for p in after] != [max(p.values()) for p in before]


def test_calibrate_refuses_a_model_without_a_head_and_leaves_it_untouched(tmp_path, corpus_dir):
    from safetensors.torch import save_file

    model = build_tiny_model(tmp_path / "m")
    weights = load_file(str(model / "model.safetensors"))
    save_file({k: v for k, v in weights.items() if not k.startswith("classifier.")}, str(model / "model.safetensors"))
    stored = (model / "model.safetensors").read_bytes()
    result = CliRunner().invoke(cli, ["calibrate", "--data-dir", str(corpus_dir), str(model)])
    assert result.exit_code != 0 and "no classification head" in result.output
    assert (model / "model.safetensors").read_bytes() == stored
