"""Batch planning: every sentence once, batches bounded, padding traded against batch count; order kept."""
from sourcemark.runtime.batching import plan_batches, run_planned


def test_plan_covers_every_index_once_within_the_bound():
    lengths = [7, 30, 12, 12, 45, 9, 21, 30, 8, 64, 17, 12] * 5
    batches = plan_batches(lengths, max_batch=8)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(1 <= len(b) <= 8 for b in batches)
    # Batches run over the length order: each batch's lengths sit between its neighbours'.
    spans = [(min(lengths[i] for i in b), max(lengths[i] for i in b)) for b in batches]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_equal_lengths_fill_batches():
    assert sorted(len(b) for b in plan_batches([10] * 40, max_batch=16)) == [8, 16, 16]


def test_a_long_outlier_gets_its_own_batch_rather_than_padding_the_rest():
    lengths = [5] * 15 + [100]
    batches = plan_batches(lengths, max_batch=16, batch_cost=40)
    assert [15] in batches and len(batches) == 2


def test_a_batch_costs_something():
    # With no cost per batch, one batch per distinct length is optimal; with a high one, one batch.
    lengths = [4, 5, 6, 7]
    assert len(plan_batches(lengths, max_batch=4, batch_cost=0)) == 4
    assert len(plan_batches(lengths, max_batch=4, batch_cost=1000)) == 1


def test_empty():
    assert plan_batches([], max_batch=16) == []


class FakeRuntime:
    def __init__(self):
        self.batches = []

    def encode(self, texts, pairs):
        return [([0] * len(t), [0] * len(t)) for t in texts]

    def run(self, encoded):
        self.batches.append(len(encoded))
        return [[float(len(ids))] for ids, _ in encoded]


def test_run_planned_returns_rows_in_input_order():
    texts = ["a" * n for n in (9, 2, 40, 5, 5, 17, 1, 33)]
    runtime = FakeRuntime()
    rows = run_planned(runtime, texts, None, batch_size=3)
    assert rows == [[float(len(t))] for t in texts]
    assert sum(runtime.batches) == len(texts) and max(runtime.batches) <= 3
