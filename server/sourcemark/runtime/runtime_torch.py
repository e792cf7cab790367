"""The reference runtime: the model's PyTorch weights in fp32, through transformers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence


class TorchRuntime:
    """encode(texts, pairs) -> token ids; run(batch of them) -> softmax rows, padded per batch."""

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

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None) -> list[tuple[list[int], list[int]]]:
        """(token ids, token type ids) per sentence, truncated, not padded."""
        enc = self.tokenizer(list(texts), list(pairs) if pairs else None, truncation=True,
                             max_length=self.max_tokens, return_token_type_ids=True)
        return list(zip(enc["input_ids"], enc["token_type_ids"]))

    def run(self, encoded: Sequence[tuple[list[int], list[int]]]) -> list[list[float]]:
        """Softmax rows for one batch of `encode` output, padded to its longest member."""
        import torch

        width = max(len(ids) for ids, _ in encoded)
        ids = torch.full((len(encoded), width), self.tokenizer.pad_token_id or 0, dtype=torch.long)
        types = torch.zeros((len(encoded), width), dtype=torch.long)
        mask = torch.zeros((len(encoded), width), dtype=torch.long)
        for row, (tokens, type_ids) in enumerate(encoded):
            ids[row, :len(tokens)] = torch.tensor(tokens)
            types[row, :len(tokens)] = torch.tensor(type_ids)
            mask[row, :len(tokens)] = 1
        batch = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.tokenizer.model_input_names:
            batch["token_type_ids"] = types
        with torch.inference_mode():
            return self.model(**batch).logits.float().softmax(-1).tolist()
