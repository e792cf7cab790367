"""Smoothing the feed-forward inputs before int8 export leaves the fp32 model's outputs unchanged."""
import pytest

from ..conftest import build_tiny_model

torch = pytest.importorskip("torch")

TEXTS = ["The minister said the bridge will reopen in May.", "Prices rose.",
         "This is, frankly, the worst budget in a generation.", "A longer sentence about a court ruling " * 5]


def _load(folder):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(folder, attn_implementation="eager").eval()
    return model, AutoTokenizer.from_pretrained(folder)


def _logits(model, tokenizer):
    with torch.inference_mode():
        return model(**tokenizer(TEXTS, padding=True, return_tensors="pt")).logits


def test_smoothing_keeps_outputs_and_flattens_inputs(tmp_path):
    from sourcemark.runtime.smoothing import ScaledInput, input_maxima, smooth

    model, tokenizer = _load(build_tiny_model(tmp_path / "m", seed=5))
    with torch.no_grad():  # an outlier channel, as trained models have after GELU
        model.bert.encoder.layer[0].intermediate.dense.bias[7] = 20.0
    before = _logits(model, tokenizer)
    peaks = input_maxima(model, tokenizer, TEXTS)
    assert smooth(model, tokenizer, TEXTS, alpha=0.85) == 2
    assert all(isinstance(layer.output.dense, ScaledInput) for layer in model.bert.encoder.layer)
    assert torch.allclose(_logits(model, tokenizer), before, atol=1e-4)
    # What the int8 quantiser sees: the smoothed input, whose outlier no longer dwarfs the rest.
    seen = []
    hook = model.bert.encoder.layer[0].output.dense.dense.register_forward_pre_hook(
        lambda _m, inputs: seen.append(inputs[0].abs().flatten(0, -2).amax(dim=0)))
    _logits(model, tokenizer)
    hook.remove()
    ratio = lambda peak: float(peak.max() / peak.median())  # noqa: E731
    assert ratio(peaks[0]) > 20 and ratio(seen[0]) < ratio(peaks[0]) / 4


def test_smoothing_without_calibration_text_changes_nothing(tiny_model):
    from sourcemark.runtime.smoothing import smooth

    model, tokenizer = _load(tiny_model)
    assert smooth(model, tokenizer, []) == 0
    assert not any(type(layer.output.dense).__name__ == "ScaledInput" for layer in model.bert.encoder.layer)


def test_corpus_calibration_reads_training_sentences(corpus_dir):
    from sourcemark.runtime.export import corpus_calibration

    texts = corpus_calibration(corpus_dir, limit=5)
    assert 0 < len(texts) <= 5 and all(isinstance(t, str) and t for t in texts)
    assert corpus_calibration(corpus_dir / "missing") == []
