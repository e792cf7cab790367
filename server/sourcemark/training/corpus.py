"""Read, validate and split the corpus (JSONL articles) and user label files (CSV or JSONL)."""
from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..runtime.classifier import context_for
from ..core.safe_text import neutralise_formula, restore_formula

LABEL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
SPLITS = ("train", "dev", "test")


class CorpusError(ValueError):
    """A data file has bad rows; `problems` lists them as 'file:line: what'."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(problems[:50]))
        self.problems = problems


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    context: str = ""
    group: str = ""  # article id: keeps a whole article on one side of a split


def _check_article(obj, where: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: expected a JSON object"]
    problems = []
    for key, kind in (("id", str), ("text", str), ("sentences", list)):
        if not isinstance(obj.get(key), kind):
            problems.append(f"{where}: '{key}' must be a {kind.__name__}")
    if problems:
        return problems
    text, previous_end = obj["text"], 0
    for n, span in enumerate(obj["sentences"]):
        at = f"{where}: sentences[{n}]"
        if not isinstance(span, dict) or not all(isinstance(span.get(k), int) for k in ("start", "end")):
            problems.append(f"{at}: needs integer start and end")
            continue
        start, end, label = span["start"], span["end"], span.get("label")
        if not (isinstance(label, str) and LABEL_NAME.match(label)):
            problems.append(f"{at}: label {label!r} is not a lowercase name")
        if not 0 <= start < end <= len(text):
            problems.append(f"{at}: span {start}..{end} is outside the text (length {len(text)})")
        elif start < previous_end:
            problems.append(f"{at}: span {start}..{end} overlaps or precedes the previous one")
        elif text[start:end] != text[start:end].strip():
            problems.append(f"{at}: span {start}..{end} starts or ends with whitespace")
        previous_end = max(previous_end, end)
    return problems


def _jsonl(path: Path, problems: list[str]) -> Iterator[tuple[str, object]]:
    """(where, parsed object) per non-blank line; unparsable lines are added to `problems`."""
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{line_no}", json.loads(line)
        except ValueError as exc:
            problems.append(f"{path}:{line_no}: not JSON ({exc})")


def read_articles(path: str | Path) -> list[dict]:
    """Articles of a corpus JSONL file; raises CorpusError naming every bad line."""
    path = Path(path)
    articles, problems, seen = [], [], set()
    for where, obj in _jsonl(path, problems):
        found = _check_article(obj, where)
        if not found and obj["id"] in seen:
            found = [f"{where}: duplicate id {obj['id']!r}"]
        problems += found
        if not found:
            seen.add(obj["id"])
            articles.append(obj)
    if problems:
        raise CorpusError(problems)
    return articles


def article_examples(article: dict) -> list[Example]:
    """One example per labelled sentence, with its neighbours as context."""
    text = article["text"]
    pieces = [text[s["start"]:s["end"]] for s in article["sentences"]]
    return [Example(piece, s["label"], context_for(pieces, i), article["id"])
            for i, (piece, s) in enumerate(zip(pieces, article["sentences"]))]


def read_label_file(path: str | Path) -> list[Example]:
    """Examples from a user label file: CSV with text,label[,context] or JSONL rows/articles."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return list(_read_csv(path))
    examples, problems = [], []
    for where, obj in _jsonl(path, problems):
        if isinstance(obj, dict) and "sentences" in obj:
            found = _check_article(obj, where)
            problems += found
            if not found:
                examples += article_examples(obj)
            continue
        found = _check_row(obj, where)
        problems += found
        if not found:
            examples.append(Example(obj["text"].strip(), obj["label"], obj.get("context") or "", where))
    if problems:
        raise CorpusError(problems)
    return examples


def _read_csv(path: Path) -> Iterator[Example]:
    problems, rows = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise CorpusError([f"{path}:1: the header must name the columns text and label"])
        for row in reader:
            where = f"{path}:{reader.line_num}"
            found = _check_row(row, where)
            problems += found
            if not found:
                rows.append(Example(restore_formula(row["text"]).strip(), row["label"],
                                    restore_formula(row.get("context") or "").strip(), where))
    if problems:
        raise CorpusError(problems)
    yield from rows


def _check_row(row, where: str) -> list[str]:
    if not isinstance(row, dict):
        return [f"{where}: expected an object with text and label"]
    problems = []
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        problems.append(f"{where}: text is missing or empty")
    elif len(row["text"]) > 5000:
        problems.append(f"{where}: text is longer than 5,000 characters")
    if not (isinstance(row.get("label"), str) and LABEL_NAME.match(row["label"])):
        problems.append(f"{where}: label {row.get('label')!r} is not a lowercase name")
    if row.get("context") is not None and not isinstance(row.get("context"), str):
        problems.append(f"{where}: context must be a string")
    return problems


def make_split(articles: Iterable[dict], seed: int = 13, dev: float = 0.1, test: float = 0.2) -> dict[str, list[str]]:
    """Split article ids by beat and register, so each side sees every kind of article."""
    groups: dict[tuple, list[str]] = {}
    for article in articles:
        groups.setdefault((article.get("beat"), article.get("register")), []).append(article["id"])
    split = {name: [] for name in SPLITS}
    rng = random.Random(seed)
    owed = {"test": 0.0, "dev": 0.0}
    for key in sorted(groups, key=str):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        # Carry fractional shares across groups so that small groups still add up to the targets.
        taken = 0
        for name, share in (("test", test), ("dev", dev)):
            owed[name] += len(ids) * share
            n = min(int(owed[name] + 0.5), len(ids) - taken)
            owed[name] -= n
            split[name] += ids[taken:taken + n]
            taken += n
        split["train"] += ids[taken:]
    return {name: sorted(ids) for name, ids in split.items()}


def extend_split(split: dict[str, list[str]], articles: Iterable[dict], seed: int = 13,
                 dev: float = 0.1) -> dict[str, list[str]]:
    """Add articles that are in no split to train and dev; existing assignments, test above all, stay."""
    placed = {i for ids in split.values() for i in ids}
    new = [a for a in articles if a["id"] not in placed]
    extra = make_split(new, seed=seed, dev=dev, test=0.0)
    return {name: sorted(split.get(name, []) + extra[name]) for name in SPLITS}


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def label_counts(examples: Iterable[Example]) -> dict[str, int]:
    return dict(sorted(Counter(e.label for e in examples).items()))


def load_corpus(data_dir: str | Path) -> dict[str, list[dict]]:
    """Articles of data_dir/articles.jsonl grouped by the frozen split in data_dir/split.json."""
    data_dir = Path(data_dir)
    articles = read_articles(data_dir / "articles.jsonl")
    split_path = data_dir / "split.json"
    if not split_path.is_file():
        raise CorpusError([f"{split_path}: missing; create it with `sourcemark corpus split`"])
    split = json.loads(split_path.read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in articles}
    problems, placed = [], set()
    for name in SPLITS:
        for article_id in split.get(name, []):
            if article_id not in by_id:
                problems.append(f"{split_path}: {name} names unknown article {article_id!r}")
            elif article_id in placed:
                problems.append(f"{split_path}: article {article_id!r} is in more than one split")
            placed.add(article_id)
    problems += [f"{split_path}: article {i!r} is in no split" for i in sorted(set(by_id) - placed)]
    if problems:
        raise CorpusError(problems)
    return {name: [by_id[i] for i in split.get(name, [])] for name in SPLITS}


def write_label_file(path: str | Path, examples: Iterable[Example]) -> Path:
    """Write examples as a label file `read_label_file` reads back: CSV (text,label,context) or JSONL."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"text": e.text, "label": e.label, "context": e.context} for e in examples]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["text", "label", "context"])
            writer.writeheader()
            # Readers wrote these sentences: a cell starting with = + - @ would run as a spreadsheet
            # formula, so it gets a leading ' (which read_label_file removes again).
            writer.writerows({k: neutralise_formula(v) for k, v in r.items()} for r in rows)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
