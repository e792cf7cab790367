"""The `sourcemark` command: serve, analyze, settings, and the training commands."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .settings import SettingsError, describe, load

LABEL_STYLE = {
    "sourced": {"fg": "green"},
    "unsourced": {"fg": "yellow", "bold": True},
    "opinion": {"fg": "magenta", "bold": True},
    "none": {"fg": "bright_black"},
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """SourceMark: which sentences of an article are sourced, unsourced or opinion."""


@cli.command()
@click.option("--host", help="Address to bind (SOURCEMARK_HOST, default 127.0.0.1).")
@click.option("--port", type=int, help="Port (SOURCEMARK_PORT, default 8000).")
@click.option("--workers", type=int, help="gunicorn workers (SOURCEMARK_WORKERS).")
@click.option("--model", type=click.Path(), help="Model folder (SOURCEMARK_MODEL).")
@click.option("--dev", is_flag=True, help="Run Flask's development server instead of gunicorn.")
def serve(host, port, workers, model, dev):
    """Run the API under gunicorn (or Flask's server with --dev)."""
    for name, value in (("HOST", host), ("PORT", port), ("WORKERS", workers), ("MODEL", model)):
        if value is not None:
            os.environ[f"SOURCEMARK_{name}"] = str(value)
    settings = _settings()
    _check_model(settings.model)
    _ensure_fast_graph(settings)
    _upgrade_store(settings)
    if dev:
        from . import create_app
        create_app().run(host=settings.host, port=settings.port, debug=False)
        return
    conf = Path(__file__).parent / "serving" / "gunicorn.conf.py"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # glibc gives each of a worker's connection threads its own malloc arena and keeps each
    # arena's high-water mark: two arenas keep a long article's transient memory from
    # settling in a dozen of them (measured with `python -m bench.hostile --only memory`).
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "-c", str(conf), "sourcemark:create_app()"])


@cli.command("analyze")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON instead of coloured text.")
@click.option("--model", type=click.Path(), help="Model folder (SOURCEMARK_MODEL).")
def analyze_command(source, as_json, model):
    """Label every sentence of a text file (or - for standard input)."""
    from .runtime.analyze import analyze
    from .runtime.classifier import Classifier, ModelError

    settings = _settings({"model": model} if model else None)
    text = source.read()
    if not text.strip():
        raise click.ClickException("the input is empty")
    try:
        classifier = Classifier(settings.model, batch_size=settings.batch_size,
                                max_tokens=settings.max_tokens, threads=settings.inference_threads,
                                runtime=settings.runtime)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    result = analyze(text, classifier, min_words=settings.min_words, quote_context=settings.quote_context)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    cursor = 0
    for sentence in result["sentences"]:
        click.echo(text[cursor:sentence["start"]], nl=False)
        tag = f"[{sentence['label']} {sentence['confidence']:.2f}]"
        style = LABEL_STYLE.get(sentence["label"], {})
        click.echo(click.style(sentence["text"], **style) + " " + click.style(tag, dim=True), nl=False)
        cursor = sentence["end"]
    click.echo(text[cursor:])
    summary = ", ".join(f"{k}: {v}" for k, v in result["counts"].items())
    click.echo(click.style(f"{result['model']['name']} {result['model']['version']}: {summary}", dim=True))


@cli.command("export")
@click.argument("model_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--calibration", type=click.Path(exists=True, dir_okay=False),
              help="label file (CSV or JSONL) whose sentences calibrate the int8 smoothing "
                   "[default: the first 1,000 training sentences of the corpus]")
def export_command(model_dir, calibration):
    """Write MODEL_DIR/onnx/model.int8.onnx (and its furniture gate's), the graphs the fast (onnx) runtime serves."""
    from .runtime.classifier import ModelError
    from .runtime.export import export_onnx

    texts = None
    if calibration:
        from .runtime.smoothing import CALIBRATION_SENTENCES
        from .training.corpus import CorpusError, read_label_file
        try:
            texts = [e.text for e in read_label_file(calibration)][:CALIBRATION_SENTENCES]
        except CorpusError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        click.echo(f"wrote {export_onnx(model_dir, texts)}")
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command("settings")
def settings_command():
    """List every setting with its environment variable, default and meaning."""
    for row in describe():
        click.echo(f"{row['env']}\n    default: {row['default']}\n    {row['help']}")


def _settings(overrides=None):
    try:
        return load(overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _check_model(path):
    from .runtime.classifier import ModelError, resolve_model_dir
    try:
        resolve_model_dir(path)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None


def _upgrade_store(settings):
    """Migrate the label store before workers start; an unreachable database only delays feedback."""
    from .storage import StoreError, StoreUnavailable, open_store
    try:
        open_store(settings).close()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except StoreUnavailable as exc:
        click.echo(f"warning: {exc}; feedback answers 503 until it is reachable", err=True)


def _ensure_fast_graph(settings):
    """Build the int8 graph once if the fast runtime is wanted and missing (a derived file, not in git)."""
    from .runtime.classifier import resolve_model_dir
    from .runtime.export import export_onnx, graph_paths

    folder = resolve_model_dir(settings.model)
    if settings.runtime == "torch" or all(g.is_file() for g in graph_paths(folder)):
        return
    click.echo(f"building the int8 graph for the fast runtime in {folder} (once, ~20 s)...", err=True)
    export_onnx(folder, only_missing=True)


def main():
    cli(prog_name="sourcemark")


# The training and feedback-loop commands live with their code; their modules import only click.
from .storage import commands as _storage_commands  # noqa: E402
from .training import commands as _training_commands, loop_commands as _loop_commands  # noqa: E402

_training_commands.register(cli)
_loop_commands.register(cli)
_storage_commands.register(cli)
