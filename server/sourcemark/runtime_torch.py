"""The reference runtime: the model's PyTorch weights in fp32, through transformers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence


class TorchRuntime:
    """forward(texts, pairs) -> softmax rows, for one batch, with dynamic padding."""

    name = "torch"

    def __init__(self, model, tokenizer, max_tokens: int):
        self.model, self.tokenizer, self.max_tokens = model, tokenizer, max_tokens

    @classmethod
    def load(cls, folder: Path, max_tokens: int, threads: int = 0) -> "TorchRuntime":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a service log and `analyze --json` want no progress bars
        if threads:
            torch.set_num_threads(threads)
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(folder, local_files_only=True,
                                                                   dtype=torch.float32)
        model.eval()
        return cls(model, tokenizer, max_tokens)

    def forward(self, texts: Sequence[str], pairs: Sequence[str] | None) -> list[list[float]]:
        import torch

        with torch.inference_mode():
            encoded = self.tokenizer(list(texts), list(pairs) if pairs else None, padding=True, truncation=True,
                                     max_length=self.max_tokens, return_tensors="pt")
            return self.model(**encoded).logits.float().softmax(-1).tolist()
