"""The fast runtime: an int8 ONNX graph (built by `sourcemark export`) on onnxruntime, tokenised by
`tokenizers` alone, so a worker needs neither torch nor transformers (faster start, less memory)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

ONNX_DIR = "onnx"
INT8_FILE = "model.int8.onnx"


class OnnxRuntime:
    name = "onnx-int8"

    def __init__(self, folder: Path, max_tokens: int, threads: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = folder / ONNX_DIR / INT8_FILE
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # The session would otherwise re-fuse Add + LayerNormalization into the kernel that `export`
        # leaves out for being slow on this CPU.
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"],
                                            disabled_optimizers=["SkipLayerNormFusion"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens, strategy="longest_first")
        pad = self.tokenizer.token_to_id("[PAD]")
        self.tokenizer.enable_padding(pad_id=0 if pad is None else pad, pad_token="[PAD]")

    def forward(self, texts: Sequence[str], pairs: Sequence[str] | None) -> list[list[float]]:
        batch = list(zip(texts, pairs)) if pairs else list(texts)
        encodings = self.tokenizer.encode_batch(batch)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        logits = self.session.run(["logits"], {k: v for k, v in feeds.items() if k in self.inputs})[0]
        logits = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return (probs / probs.sum(axis=1, keepdims=True)).tolist()
