"""Load a Hugging Face sequence-classification folder and label sentences with it, in sorted batches."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Sequence

log = logging.getLogger(__name__)

# Written by `sourcemark train` next to the weights; optional for any other HF folder.
INFO_FILE = "sourcemark.json"
METRICS_FILE = "metrics.json"
POINTER_FILE = "CURRENT"
_SURROGATE = re.compile("[\ud800-\udfff]")


class ModelError(RuntimeError):
    """The model folder is missing, incomplete or unreadable; the message names the path."""

    reason = "the model folder did not load; the server log says why"  # told to clients: no server paths


class MissingGraph(ModelError):
    """Runtime onnx, and the folder has no int8 graph (named in CURRENT by hand, not promoted)."""

    reason = ("no int8 graph (onnx/model.int8.onnx), which SOURCEMARK_RUNTIME=onnx serves: `sourcemark export` "
              "builds it; `sourcemark models promote` builds it and then names the folder")


def resolve_model_dir(path: str | os.PathLike) -> Path:
    """The folder holding config.json: `path` itself, or the version its CURRENT file names."""
    folder = Path(path).expanduser()
    if (folder / "config.json").is_file():
        return folder.resolve()
    pointer = folder / POINTER_FILE
    if pointer.is_file():
        target = folder / pointer.read_text(encoding="utf-8").strip()
        if (target / "config.json").is_file():
            return target.resolve()
        raise ModelError(f"{pointer} names {target}, which has no config.json")
    raise ModelError(
        f"no model at {folder}: expected a Hugging Face model folder (config.json, tokenizer, weights) "
        f"or a {POINTER_FILE} file naming one. Train one with `sourcemark train`, or point "
        f"SOURCEMARK_MODEL (or --model) at a model folder.")


def read_info(folder: Path) -> dict[str, Any]:
    """Name, version, base model, training date and metrics recorded in a model folder."""
    info: dict[str, Any] = {}
    if (folder / INFO_FILE).is_file():
        info.update(json.loads((folder / INFO_FILE).read_text(encoding="utf-8")))
    info.setdefault("name", folder.name)
    if "version" not in info:
        digest = hashlib.sha256((folder / "config.json").read_bytes()).hexdigest()[:8]
        info["version"] = f"unversioned-{digest}"
    info.setdefault("base_model", None)
    info.setdefault("trained_at", None)
    info.setdefault("context", "none")
    if (folder / METRICS_FILE).is_file():
        info["metrics"] = json.loads((folder / METRICS_FILE).read_text(encoding="utf-8"))
    return info


class Classifier:
    """A loaded model: `predict(sentences, contexts)` returns one {label: probability} per sentence.

    `runtime` picks the engine: torch (fp32, the reference), onnx (the int8 graph that
    `sourcemark export` writes into the folder), or auto (onnx when that graph exists).
    `gate=False` leaves a folder's furniture gate (gate/) unloaded.
    Scores are cached per (sentence, context) in an LRU of at most `cache_bytes`.
    """

    def __init__(self, path: str | os.PathLike, *, batch_size: int = 16, max_tokens: int = 128,
                 threads: int = 0, runtime: str = "auto", cache_bytes: int = 0, gate: bool = True):
        from .cache import LRUCache
        from .runtime_onnx import INT8_FILE, ONNX_DIR

        self.folder = resolve_model_dir(path)
        started = time.perf_counter()
        try:
            config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
            id2label = {int(k): v for k, v in config["id2label"].items()}
            self.labels = [id2label[i] for i in range(len(id2label))]
            limit = int(config.get("max_position_embeddings") or 512)
            self.max_tokens = min(max_tokens, limit)
            onnx_path = self.folder / ONNX_DIR / INT8_FILE
            if runtime == "onnx" and not onnx_path.is_file():
                raise MissingGraph(f"runtime onnx needs {onnx_path}: run `sourcemark export {self.folder}`")
            if runtime == "onnx" or (runtime == "auto" and onnx_path.is_file()):
                from .runtime_onnx import OnnxRuntime
                self.runtime = OnnxRuntime(self.folder, self.max_tokens, threads)
            else:
                if runtime == "auto":
                    log.warning("no int8 graph at %s: serving fp32 torch (slower); `sourcemark export` or "
                                "`sourcemark models promote` builds it", onnx_path)
                from .runtime_torch import TorchRuntime
                self.runtime = TorchRuntime.load(self.folder, self.max_tokens, threads)
            self.gate = self._load_gate(runtime, threads) if gate else None
        except ModelError:
            raise
        except Exception as exc:  # json, transformers and onnxruntime raise many types for a broken folder
            raise ModelError(f"cannot load the model at {self.folder}: {exc}") from exc
        self.info = read_info(self.folder)
        self.batch_size = batch_size
        self.uses_context = self.info.get("context") == "pair"
        self.cache = LRUCache(cache_bytes)
        # The pid tells which worker of several loaded what (a promotion is picked up by each).
        log.info("loaded model %s %s from %s (%s) in %.1fs, pid %d", self.info["name"], self.info["version"],
                 self.folder, self.runtime.name, time.perf_counter() - started, os.getpid())

    @property
    def name(self) -> str:
        return self.info["name"]

    @property
    def version(self) -> str:
        return str(self.info["version"])

    def _load_gate(self, runtime: str, threads: int):
        from .gate import GATE_DIR, load_gate
        from .runtime_onnx import INT8_FILE, ONNX_DIR

        graph = self.folder / GATE_DIR / ONNX_DIR / INT8_FILE
        if (self.folder / GATE_DIR / "config.json").is_file() and runtime == "onnx" and not graph.is_file():
            raise MissingGraph(f"runtime onnx needs the gate's graph {graph}: run `sourcemark export {self.folder}`")
        on_onnx = self.runtime.name != "torch" and graph.is_file()
        return load_gate(self.folder, "onnx" if on_onnx else "torch", threads)

    def furniture(self, lines: Sequence[str]) -> list[float] | None:
        """The gate's probability that each line is page furniture; None when the model has no gate."""
        if self.gate is None:
            return None
        keys = [("\x00gate", s) for s in lines]
        results = [self.cache.get(k) for k in keys]
        todo = [i for i, r in enumerate(results) if r is None]
        for i, p in zip(todo, self.gate.furniture([lines[i] for i in todo]) if todo else ()):
            results[i] = {"furniture": p}
            self.cache.put(keys[i], results[i])
        return [r["furniture"] for r in results]

    def predict(self, sentences: Sequence[str], contexts: Sequence[str] | None = None) -> list[dict[str, float]]:
        """Probabilities per label for each sentence; contexts are used when the model was trained with them."""
        pairs = list(contexts) if (self.uses_context and contexts is not None) else None
        # One cache per loaded model, so the model version is part of every key implicitly.
        keys = [(s, pairs[i] if pairs else "") for i, s in enumerate(sentences)]
        results: list[dict[str, float] | None] = [self.cache.get(k) for k in keys]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            rows = batched_forward(self.runtime, [sentences[i] for i in todo],
                                   [pairs[i] for i in todo] if pairs else None, self.batch_size)
            for i, row in zip(todo, rows):
                results[i] = dict(zip(self.labels, row))
                self.cache.put(keys[i], results[i])
        return results


def batched_forward(runtime, sentences: Sequence[str], contexts: Sequence[str] | None,
                    batch_size: int) -> list[list[float]]:
    """Scores rows for sentences (cleaned for the tokenizer), in input order, in planned batches."""
    from .batching import run_planned

    pairs = [_clean(c) for c in contexts] if contexts is not None else None
    return run_planned(runtime, [_clean(s) for s in sentences], pairs, batch_size)


def context_for(sentences: Sequence[str], i: int) -> str:
    """The model's context input for sentence i: its neighbours, where a quote's speaker is often named."""
    before = sentences[i - 1] if i > 0 else ""
    after = sentences[i + 1] if i + 1 < len(sentences) else ""
    return f"{before} [...] {after}".strip()


def _clean(text: str) -> str:
    # Lone surrogates (legal in JSON, not in UTF-8) would make the Rust tokenizer fail.
    return _SURROGATE.sub("\ufffd", text) or "\ufffd"


class ModelHolder:
    """Loads the classifier lazily, once per process, and swaps in a newly promoted one between requests.

    An analysis takes the classifier once (`get`, when its turn comes) and keeps that object,
    so one running during a swap finishes on the old model. `reload()` is the one entry point
    for "serve the model the settings point at now": it swaps here and announces the reload to
    every other worker sharing this data folder, whose watcher thread swaps within about a second.
    """

    WATCH_SECONDS = 1.0

    def __init__(self, settings):
        self._settings = settings
        self._lock = threading.Lock()
        self._classifier: Classifier | None = None
        self._last_check = time.monotonic()
        self._reloading = False
        # Every worker of one server (same data folder) watches this file; reload() rewrites it.
        self._signal = Path(settings.data_dir) / "model-reload"
        self._seen_signal = self._read_signal()
        self._watcher_pid: int | None = None
        # The model named but not loaded ({"folder", "reason"}): GET /model shows a failed swap, not only the log.
        self.not_served: dict[str, str] | None = None

    @property
    def loaded(self) -> Classifier | None:
        """The classifier in use, or None before the first load (never loads)."""
        return self._classifier

    def _load(self) -> Classifier:
        s = self._settings
        return Classifier(s.model, batch_size=s.batch_size, max_tokens=s.max_tokens, threads=s.inference_threads,
                          runtime=s.runtime, cache_bytes=s.score_cache_mb * 2**20, gate=s.furniture_gate)

    def get(self) -> Classifier:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    # A failed load raises ModelError (a 503) and is retried next request.
                    self._classifier = self._load()
        self._start_watcher()
        return self._classifier

    def reload(self, announce: bool = True) -> Classifier:
        """Load the model the settings point at now (following CURRENT) and swap it in.

        With `announce` (the default), every other worker sharing the data folder reloads too.
        A caller that already reaches every worker itself (a broadcast each worker receives)
        passes announce=False.
        """
        try:
            fresh = self._load()
        except ModelError as exc:
            self.not_served = {"folder": self._named_folder(), "reason": exc.reason}
            raise
        self._classifier, self.not_served = fresh, None
        self._last_check = time.monotonic()
        if announce:
            self._announce()
        return fresh

    def poll(self) -> None:
        """Between requests: make sure this process watches for promotions and announced reloads."""
        if self._classifier is not None:
            self._start_watcher()

    def _named_folder(self) -> str:
        pointer = Path(self._settings.model).expanduser() / POINTER_FILE
        return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else pointer.parent.name

    def _announce(self) -> None:
        token = f"{os.getpid()} {time.time_ns()}"
        try:
            self._signal.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._signal.with_name(f".{self._signal.name}.{os.getpid()}")
            tmp.write_text(token, encoding="utf-8")
            os.replace(tmp, self._signal)
            self._seen_signal = token
        except OSError as exc:
            log.error("reload not announced to the other workers: %s", exc)

    def _read_signal(self) -> str | None:
        try:
            return self._signal.read_text(encoding="utf-8")
        except OSError:
            return None

    def _start_watcher(self) -> None:
        # One watcher per process: gunicorn forks workers after the app is built.
        if self._watcher_pid == os.getpid():
            return
        with self._lock:
            if self._watcher_pid == os.getpid():
                return
            self._watcher_pid = os.getpid()
            ref = weakref.ref(self)
            threading.Thread(target=_watch, args=(ref, self.WATCH_SECONDS), daemon=True,
                             name="sourcemark-model-watch").start()

    def _check(self) -> None:
        """Reload when another worker announced a reload, or (every model_poll_seconds) CURRENT moved."""
        if self._classifier is None or self._reloading:
            return
        signal = self._read_signal()
        wanted = signal is not None and signal != self._seen_signal
        interval = self._settings.model_poll_seconds
        now = time.monotonic()
        if not wanted and interval and now - self._last_check >= interval:
            self._last_check = now
            try:
                wanted = resolve_model_dir(self._settings.model) != self._classifier.folder
            except ModelError:  # a half-made registry, or a typo in CURRENT: keep serving what is loaded
                self.not_served = {"folder": self._named_folder(), "reason": "no model folder by that name"}
            else:  # CURRENT names the served folder again (put back by hand): nothing is left unserved
                self.not_served = self.not_served if wanted else None
        if not wanted:
            return
        self._seen_signal = signal
        self._reloading = True
        try:
            self.reload(announce=False)
        except ModelError as exc:
            log.error("new model not loaded, still serving the old one: %s", exc)
        finally:
            self._reloading = False


def _watch(ref, every: float) -> None:
    """The watcher thread: checks its holder every `every` seconds until the holder is gone."""
    while True:
        time.sleep(every)
        holder = ref()
        if holder is None:
            return
        try:
            holder._check()
        except Exception:  # never let the watcher die silently on a surprise
            log.exception("model watcher")
        del holder
