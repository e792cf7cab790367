"""SmoothQuant-style rescaling of the feed-forward output inputs, so int8 can quantise them (used by export)."""
from __future__ import annotations

import logging
from typing import Sequence

import torch

log = logging.getLogger(__name__)

# Share of the activations' range moved into the weights. Model 1.2.0, all layers int8, calibrated
# on 1,000 training sentences: dev label agreement with fp32 98.84% at 0.5, 99.57% at 0.75, 99.86%
# at 0.85, 99.71% at 0.9 (mean probability drift also lowest at 0.8-0.9); chosen on dev.
ALPHA = 0.85
CALIBRATION_SENTENCES = 1000


class ScaledInput(torch.nn.Module):
    """`dense(x / s)` with `dense`'s input columns multiplied by s: the same function, a flatter input."""

    def __init__(self, dense: torch.nn.Linear, scale: torch.Tensor):
        super().__init__()
        self.dense = dense
        self.register_buffer("inverse", (1.0 / scale).reshape(1, 1, -1))
        with torch.no_grad():
            dense.weight.mul_(scale.reshape(1, -1))

    def forward(self, x):
        return self.dense(x * self.inverse)


def ffn_outputs(model) -> list:
    """The feed-forward output layers (`encoder.layer[i].output`) of a BERT-style model; [] for others."""
    encoder = getattr(getattr(model, "base_model", None), "encoder", None)
    layers = getattr(encoder, "layer", None) or []
    found = [layer.output for layer in layers if isinstance(getattr(getattr(layer, "output", None), "dense", None),
                                                            torch.nn.Linear)]
    return found if len(found) == len(layers) else []


@torch.inference_mode()
def input_maxima(model, tokenizer, texts: Sequence[str], max_tokens: int = 128, batch_size: int = 64) -> list:
    """Per channel, the largest |input| each feed-forward output layer sees over the padded batches."""
    outputs = ffn_outputs(model)
    maxima: list = [None] * len(outputs)

    def hook(index):
        def record(_module, inputs):
            # Padding rows count: the int8 graph's per-batch quantisation range covers them too.
            # (Real tokens alone gave model 1.2.0 a worse dev agreement: 99.71% against 99.86%.)
            peak = inputs[0].abs().flatten(0, -2).amax(dim=0)
            maxima[index] = peak if maxima[index] is None else torch.maximum(maxima[index], peak)
        return record

    handles = [out.dense.register_forward_pre_hook(hook(i)) for i, out in enumerate(outputs)]
    try:
        for start in range(0, len(texts), batch_size):
            enc = tokenizer(list(texts[start:start + batch_size]), padding=True, truncation=True,
                            max_length=max_tokens, return_tensors="pt")
            model(**enc)
    finally:
        for handle in handles:
            handle.remove()
    return maxima


def smooth(model, tokenizer, texts: Sequence[str], alpha: float = ALPHA) -> int:
    """Rescale every feed-forward output of `model` in place (outputs unchanged); returns layers done."""
    outputs = ffn_outputs(model)
    if not outputs:
        log.warning("not smoothed: %s has no BERT-style feed-forward layers", type(model).__name__)
        return 0
    if not texts:
        log.warning("not smoothed: no calibration sentences")
        return 0
    for out, peak in zip(outputs, input_maxima(model, tokenizer, texts)):
        weight_peak = out.dense.weight.detach().abs().amax(dim=0).clamp(min=1e-5)
        scale = peak.clamp(min=1e-5) ** alpha / weight_peak ** (1 - alpha)
        out.dense = ScaledInput(out.dense, scale)
    return len(outputs)
