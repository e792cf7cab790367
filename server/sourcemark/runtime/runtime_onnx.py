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
        # Idle pool threads would otherwise spin for the next op, and the sentence model's and the
        # furniture gate's pools (two sessions, one analysis) spin against each other on a small
        # CPU: on 2 cores spinning off cut a whole-article analysis with the gate from 86 to 54 ms.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # The session would otherwise re-fuse Add + LayerNormalization into the kernel that `export`
        # leaves out for being slow on this CPU.
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"],
                                            disabled_optimizers=["SkipLayerNormFusion"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens, strategy="longest_first")
        self.tokenizer.no_padding()  # tokenizer.json may carry a padding setting; `run` pads per batch
        pad = self.tokenizer.token_to_id("[PAD]")
        self.pad_id = 0 if pad is None else pad

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None) -> list[tuple[list[int], list[int]]]:
        """(token ids, token type ids) per sentence, truncated, not padded."""
        encodings = self.tokenizer.encode_batch(list(zip(texts, pairs)) if pairs else list(texts))
        return [(e.ids, e.type_ids) for e in encodings]

    def run(self, encoded: Sequence[tuple[list[int], list[int]]]) -> list[list[float]]:
        """Softmax rows for one batch of `encode` output, right-padded to its longest member."""
        width = max(len(ids) for ids, _ in encoded)
        ids = np.full((len(encoded), width), self.pad_id, dtype=np.int64)
        types = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, (tokens, type_ids) in enumerate(encoded):
            ids[row, :len(tokens)], types[row, :len(tokens)], mask[row, :len(tokens)] = tokens, type_ids, 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        logits = self.session.run(["logits"], {k: v for k, v in feeds.items() if k in self.inputs})[0]
        logits = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return (probs / probs.sum(axis=1, keepdims=True)).tolist()
