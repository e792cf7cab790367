import pytest

from sourcemark.runtime.cache import LRUCache, approx_size
from sourcemark.runtime.classifier import Classifier, ModelError

from ..conftest import build_tiny_model

SENTENCES = ["The minister said the bridge will reopen in May.", "Prices rose.",
             "A long sentence, repeated to test truncation and padding in both runtimes. " * 12]
CONTEXTS = ["Before it. [...] After it.", "", "x [...] y"]


def test_lru_is_bounded_in_bytes_and_counts():
    cache = LRUCache(1200, sizeof=lambda key, value: 301 if value == "huge" else 300)
    for key in "abcd":
        cache.put(key, {"x": key})
    assert cache.get("a") == {"x": "a"}
    cache.put("e", {"x": "e"})  # 1,500 bytes > 1,200: evicts b, the least recently used
    assert cache.get("b") is None and cache.get("e") == {"x": "e"}
    assert cache.stats() == {"entries": 4, "bytes": 1200, "max_bytes": 1200, "hits": 2, "misses": 1,
                             "evictions": 1, "hit_rate": 0.6667}
    cache.put("h", "huge")  # over a quarter of the bound: not kept, nothing evicted for it
    assert cache.get("h") is None and cache.stats()["entries"] == 4
    off = LRUCache(0)
    off.put("a", {"x": 1.0})
    assert off.get("a") is None and off.stats()["entries"] == 0


def test_approx_size_counts_the_text_it_holds():
    small = approx_size(("short", ""), {"sourced": 0.5})
    large = approx_size(("x" * 10_000, ""), {"sourced": 0.5})
    assert 9_900 <= large - small <= 10_100


def test_onnx_runtime_without_export_names_the_command(tiny_model):
    with pytest.raises(ModelError, match="sourcemark export"):
        Classifier(tiny_model, runtime="onnx")


@pytest.mark.slow
def test_exported_int8_graph_agrees_with_torch(tmp_path):
    import json

    from sourcemark.runtime.export import export_onnx

    import torch
    from transformers import BertForSequenceClassification

    folder = build_tiny_model(tmp_path / "m", seed=3)
    model = BertForSequenceClassification.from_pretrained(folder)
    with torch.no_grad():  # a random head gives near-uniform scores; sharpen it so differences show
        model.classifier.weight.mul_(40)
    model.save_pretrained(folder)
    (folder / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "1", "context": "pair"}))
    graph = export_onnx(folder)
    import onnx
    ops = {node.op_type for node in onnx.load(str(graph)).graph.node}
    # The speed comes from the fused, quantised attention; the slow SkipLayerNormalization stays out.
    assert "QAttention" in ops and "SkipLayerNormalization" not in ops
    torch_clf = Classifier(folder, runtime="torch")
    onnx_clf = Classifier(folder)  # auto picks the exported graph
    assert (torch_clf.runtime.name, onnx_clf.runtime.name) == ("torch", "onnx-int8")
    # Idle threads sleep rather than spin: the sentence model's and the gate's pools share a small CPU.
    spinning = onnx_clf.runtime.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning")
    assert spinning == "0"
    reference, fast = torch_clf.predict(SENTENCES, CONTEXTS), onnx_clf.predict(SENTENCES, CONTEXTS)
    assert max(max(r.values()) for r in reference) > 0.5  # the scores are not uniform
    for a, b in zip(reference, fast):
        assert a.keys() == b.keys()
        assert max(a, key=a.get) == max(b, key=b.get)
        assert max(abs(a[k] - b[k]) for k in a) < 0.05
