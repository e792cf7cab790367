"""The one table of settings: each declared once, read from SOURCEMARK_* env, validated on load."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping



def _checkout() -> Path | None:
    """The source checkout this package runs from (an editable install), or None (a wheel)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "server" / "sourcemark").is_dir() else None


CHECKOUT = _checkout()
# From a checkout: its models/ and data/. Installed from a wheel, the package holds neither
# (45 MB of weights, a 2 MB corpus), so the defaults are models/ and data/ under the working
# directory, and SOURCEMARK_MODEL / SOURCEMARK_CORPUS point anywhere else.
REPO_ROOT = CHECKOUT or Path("")
DEFAULT_MODEL_DIR = REPO_ROOT / "models"
DEFAULT_CORPUS_DIR = REPO_ROOT / "data"
ENV_PREFIX = "SOURCEMARK_"


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


def _int(minimum: int, maximum: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("expected an integer")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError("expected an integer") from None
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
            raise ValueError(f"expected an integer {bounds}")
        return number
    return parse


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _list(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in str(value).split(",") if part.strip())


def _choice(*options: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return text
    return parse


def _path(value: Any) -> Path:
    text = str(value).strip()
    if not text:
        raise ValueError("expected a path")
    return Path(text).expanduser()


def _rate(value: Any) -> str:
    from limits import parse_many

    text = str(value).strip()
    try:
        parse_many(text)
    except ValueError:
        raise ValueError("expected a rate limit such as 20/minute;500/day") from None
    return text


def _rate_or_off(value: Any) -> str:
    return _rate(value) if str(value).strip() else ""


MIN_TOKEN_CHARS = 16


def _token(value: Any) -> str:
    text = str(value).strip()
    if text and len(text) < MIN_TOKEN_CHARS:
        raise ValueError(f"expected empty or at least {MIN_TOKEN_CHARS} characters (try `openssl rand -hex 24`)")
    return text


def _database_url(value: Any) -> str:
    text = str(value).strip()
    if text and not text.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://", "postgres://")):
        raise ValueError("expected empty, sqlite:///path or postgresql://user:password@host:port/database")
    return text


def _redis_url(value: Any) -> str:
    text = str(value).strip()
    if text and not text.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected empty or redis://host:port/db")
    return text


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[Any], Any]
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("model", DEFAULT_MODEL_DIR, _path,
            "Model folder (config.json with id2label, tokenizer, weights), or a folder whose "
            "CURRENT file names the version folder to load."),
    Setting("corpus", DEFAULT_CORPUS_DIR, _path,
            "Corpus folder (articles.jsonl, split.json): training's default data, and the sentences "
            "that calibrate a new int8 graph."),
    Setting("model_poll_seconds", 10, _int(0, 86400),
            "How often a worker checks whether CURRENT names a newly promoted model (0: never)."),
    Setting("data_dir", Path("~/.local/share/sourcemark"), _path,
            "Folder for the label store (labels.sqlite3, unless SOURCEMARK_DATABASE_URL is set) and exports."),
    Setting("database_url", "", _database_url,
            "Label store database: empty for SQLite in data_dir; postgresql://user:pass@host/db shares one "
            "store between replicas."),
    Setting("redis_url", "", _redis_url,
            "redis://host:port/db shared by replicas: analysis cache, rate limits, model-change broadcast "
            "(empty: each worker keeps its own)."),
    Setting("redis_cache_ttl", 86_400, _int(1, 30 * 86_400),
            "Seconds a shared (Redis) analysis stays cached."),
    Setting("redis_cache_max_bytes", 2_000_000, _int(0, 64_000_000),
            "Largest analysis (JSON bytes) put in the shared cache; bigger ones are not shared (0: none)."),
    Setting("trusted_proxies", 0, _int(0, 10),
            "Reverse proxies in front that append X-Forwarded-For; client addresses for limits come from "
            "that header only when this is above 0 (werkzeug ProxyFix)."),
    Setting("admin_token", "", _token,
            f"Bearer token for /api/v1/admin/... (at least {MIN_TOKEN_CHARS} characters); empty: the admin "
            "endpoints answer 404."),
    Setting("feedback_rate", "20/minute;500/day", _rate,
            "Rate limit on POST /feedback per client address (flask-limiter syntax)."),
    Setting("ratelimit_storage", "memory://", str,
            "Where rate-limit counters live; memory:// is per worker, a redis:// URL shares them."),
    Setting("runtime", "auto", _choice("auto", "torch", "onnx"),
            "Inference engine: torch (fp32 reference), onnx (int8 graph from `sourcemark export`), "
            "auto (onnx when the model folder has that graph)."),
    Setting("max_text_chars", 200_000, _int(1),
            "Longest text /analyze accepts, counted in the request's offset unit."),
    Setting("max_body_bytes", 4_000_000, _int(1024),
            "Largest request body; larger ones get 413 before the body is read."),
    Setting("batch_size", 16, _int(1, 1024),
            "Most sentences per forward pass; batches are planned by token count below it (16 was fastest on 2 cores)."),
    Setting("max_tokens", 128, _int(8, 512),
            "Tokens per model input; longer inputs are truncated (never above the model's limit)."),
    Setting("inference_threads", 0, _int(0, 256),
            "Threads for inference (torch or onnxruntime) per worker; 0 leaves the runtime's default."),
    Setting("furniture_gate", True, _bool,
            "Ask the model folder's furniture gate (gate/) about each short block (a line of at most the gate's "
            "max_sentences sentences); off: its sentence model alone labels them (faster: the gate adds most of "
            "a second model's work on news pages)."),
    Setting("min_words", 4, _int(1, 50),
            "Segments with fewer words and no final punctuation are labelled none, unless they read as a "
            "short headline with a verb."),
    Setting("quote_context", 32, _int(0, 200),
            "Characters of prefix/suffix returned with each sentence for re-anchoring."),
    Setting("cors_origins", ("chrome-extension://*", "moz-extension://*", "http://localhost:*",
                             "http://127.0.0.1:*"), _list,
            "Comma-separated origins allowed by CORS; * matches any run of characters."),
    Setting("log_urls", False, _bool, "Log the url field of requests (off: urls are never logged)."),
    Setting("log_level", "info", _choice("debug", "info", "warning", "error"), "Log level."),
    Setting("host", "127.0.0.1", str, "Address `sourcemark serve` binds to."),
    Setting("port", 8000, _int(1, 65535), "Port `sourcemark serve` binds to."),
    Setting("workers", 1, _int(1, 64),
            "gunicorn worker processes for `sourcemark serve` (one reader: 1; many: the core count)."),
    Setting("threads", 64, _int(1, 256),
            "Connection threads per gunicorn worker: they read requests and write answers; analyses "
            "still run one at a time per worker (see analysis_queue)."),
    Setting("timeout", 60, _int(1, 3600), "Seconds before gunicorn restarts a silent worker."),
    # Hostile clients: time and memory each client may take (see docs/SECURITY.md).
    Setting("read_timeout", 10, _int(1, 600),
            "Seconds a client has to send a whole request, and to take each answer; then it is disconnected."),
    Setting("analysis_queue", 8, _int(0, 10_000),
            "Analyses that may wait per worker while one runs; beyond that /analyze answers 503 with Retry-After."),
    Setting("analysis_max_wait", 5, _int(1, 600),
            "Seconds an analysis may wait for its turn; then it is answered 503 with Retry-After."),
    Setting("analyze_rate", "", _rate_or_off,
            "Rate limit on POST /analyze per client address (flask-limiter syntax, e.g. 60/minute); empty: none."),
    Setting("max_sentences", 2_500, _int(1),
            "Most sentences (segments) /analyze labels in one request; a text with more gets 413."),
    Setting("score_cache_mb", 8, _int(0, 100_000),
            "Memory per worker for cached sentence scores (shared boilerplate), in MB; 0: no cache."),
    Setting("result_cache_mb", 24, _int(0, 100_000),
            "Memory per worker for cached whole answers (repeated pages), in MB of JSON; 0: no cache."),
    Setting("allowed_hosts", (), _list,
            "Host header values accepted (comma-separated, * wildcards); empty: the loopback names when "
            "bound to a loopback address, any host otherwise. Guards a local server against DNS rebinding."),
    Setting("admin_failures", "10/minute", _rate,
            "Wrong admin tokens accepted per client address before 429 (flask-limiter syntax)."),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def load(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then SOURCEMARK_* environment, then overrides; each value validated."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(BY_NAME))
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            raw, origin = overrides[setting.name], f"setting {setting.name!r}"
        elif setting.env in environ:
            raw, origin = environ[setting.env], setting.env
        else:
            default = setting.default
            values[setting.name] = default.expanduser() if isinstance(default, Path) else default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except (ValueError, TypeError) as exc:
            raise SettingsError(f"{origin}={raw!r}: {exc}") from None
    return Settings(values)


def describe() -> list[dict[str, str]]:
    """Rows for docs and `sourcemark settings`: env name, default, help."""
    rows = []
    for s in SETTINGS:
        default = ",".join(s.default) if isinstance(s.default, tuple) else str(s.default)
        if s.name in ("model", "corpus"):
            default = f"{s.default.name}/ in the source checkout, else under the working directory"
        rows.append({"env": s.env, "default": default, "help": s.help})
    return rows
