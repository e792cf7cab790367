"""CLI for the feedback loop: `labels` (review, export, import), `models` (list, promote, rollback), `retrain`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.safe_text import escape_control
from ..settings import SettingsError, load
from .commands import DATA_DIR


def _settings():
    try:
        return load()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _store():
    from ..storage import StoreError, StoreUnavailable, open_store
    try:
        return open_store(_settings())
    except (StoreError, StoreUnavailable) as exc:
        raise click.ClickException(str(exc)) from None


def _registry():
    from ..runtime.registry import Registry
    settings = _settings()
    return Registry(settings.model, settings.corpus, lambda line: click.echo(line, err=True))


def _announce():
    """With SOURCEMARK_REDIS_URL, every running replica reloads now instead of at its next poll."""
    settings = _settings()
    if not settings.redis_url:
        return
    import redis

    from ..replicas.broadcast import publish
    from ..replicas.redis_client import client
    try:
        click.echo(f"announced to {publish(client(settings.redis_url))} listening worker(s)")
    except redis.RedisError as exc:
        click.echo(f"warning: not announced over Redis ({exc}); replicas pick it up at their next poll", err=True)


@click.group()
def labels():
    """Review reader feedback and manage label files (store: SOURCEMARK_DATABASE_URL or SOURCEMARK_DATA_DIR/labels.sqlite3)."""


@labels.command("list")
@click.option("--status", type=click.Choice(["pending", "accepted", "rejected"]))
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def labels_list(status, limit, as_json):
    """List stored labels, oldest first."""
    rows = _store().list(status, limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        # Readers wrote the text: escape sequences in it must not reach the editor's terminal.
        click.echo(f"{r['id']:>6}  {r['status']:<8} {escape_control(r['label']):<10} "
                   f"(model: {escape_control(r['predicted'] or '-'):<10}) x{r['count']}  {escape_control(r['text'][:80])}")
    click.echo(f"{_store().counts()}")


def _set_status(ids, status):
    """Every id is tried; the ones that fail are named, and the command then exits non-zero."""
    from ..storage import StoreError
    store = _store()
    skipped = []
    for label_id in ids:
        try:
            row = store.set_status(label_id, status)
        except StoreError as exc:
            click.echo(f"{label_id}: skipped: {exc}", err=True)
            skipped.append(label_id)
            continue
        click.echo(f"{row['id']}: {row['status']}")
    if status == "accepted":
        _warn_conflicts(store)
    if skipped:
        raise click.ClickException(f"{len(skipped)} of {len(ids)} id(s) skipped: {', '.join(map(str, skipped))}")


def _warn_conflicts(store):
    from .retrain import conflicts
    for text, group in conflicts(store.list("accepted", limit=10**9)).items():
        ids = ", ".join(f"{r['id']} ({r['label']})" for r in group)
        click.echo(f"warning: one sentence has different accepted labels, ids {ids}; `retrain` leaves it out "
                   f"until one is fixed (`labels edit`) or rejected: {text[:80]}", err=True)


@labels.command("accept")
@click.argument("ids", nargs=-1, type=int, required=True)
def labels_accept(ids):
    """Accept labels by id: they will reach training."""
    _set_status(ids, "accepted")


@labels.command("reject")
@click.argument("ids", nargs=-1, type=int, required=True)
def labels_reject(ids):
    """Reject labels by id: they never reach training."""
    _set_status(ids, "rejected")


@labels.command("edit")
@click.argument("label_id", type=int)
@click.argument("label")
def labels_edit(label_id, label):
    """Correct the label of stored label LABEL_ID (its review status stays as it is)."""
    from ..storage import StoreError
    from .corpus import LABEL_NAME
    if not LABEL_NAME.match(label):
        raise click.ClickException(f"label {label!r} is not a lowercase name (e.g. sourced, unsourced, opinion, none)")
    store = _store()
    try:
        before = store.get(label_id)["label"]
        row = store.edit(label_id, label)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{row['id']}: {before} -> {row['label']} ({row['status']})")
    if row["status"] == "accepted":
        _warn_conflicts(store)


@labels.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def labels_export(path):
    """Write the accepted labels as a label file (CSV or JSONL by suffix) for `sourcemark train --add`."""
    from .corpus import Example, write_label_file
    rows = _store().list("accepted", limit=10**9)
    write_label_file(path, [Example(r["text"], r["label"], r["context"] or "") for r in rows])
    click.echo(f"wrote {len(rows)} accepted labels to {path}")


@labels.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def labels_import(path):
    """Load a CSV or JSONL label file (e.g. a newsroom's own annotations) as accepted labels."""
    from .corpus import CorpusError, read_label_file
    try:
        examples = read_label_file(path)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    store = _store()
    new = sum(not store.add(e.text, e.label, context=e.context or None, source="import", status="accepted").duplicate
              for e in examples)
    click.echo(f"imported {len(examples)} labels from {path} ({new} new, {len(examples) - new} already stored)")


@click.group()
def models():
    """List model versions, promote one, or roll back (folder: SOURCEMARK_MODEL)."""


@models.command("list")
def models_list():
    """Version folders, * on the one CURRENT names; says which ones the configured runtime cannot serve."""
    runtime = _settings().runtime
    for row in _registry().versions():
        mark = "*" if row["current"] else " "
        note = ""
        if not row["graph"] and runtime == "onnx":
            # CURRENT written by hand can name such a folder: servers refuse it and keep the old model.
            note = ("  NOT SERVED: no int8 graph, which SOURCEMARK_RUNTIME=onnx needs; the servers keep the "
                    "model they had (`sourcemark export` builds it)" if row["current"] else
                    "  no int8 graph (`sourcemark models promote` builds it)")
        elif not row["graph"] and runtime == "auto":
            note = "  no int8 graph: served on torch (slower)"
        click.echo(f"{mark} {row['folder']:<40} {row['version']:<20} {row['trained_at'] or ''}{note}".rstrip())


@models.command("promote")
@click.argument("folder")
def models_promote(folder):
    """Serve FOLDER (a version folder in the models folder) from now on; running services pick it up.

    FOLDER must load in both runtimes; its int8 graph is built first (calibrated on SOURCEMARK_CORPUS)."""
    from ..runtime.classifier import ModelError
    try:
        click.echo(f"current: {_registry().promote(folder)}")
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    _announce()


@models.command("rollback")
def models_rollback():
    """Serve the previously promoted version again."""
    from ..runtime.classifier import ModelError
    try:
        click.echo(f"current: {_registry().rollback()}")
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    _announce()


@models.command("prune")
@click.option("--yes", is_flag=True, help="Delete them; without it, only list them.")
def models_prune(yes):
    """Remove version folders never promoted (candidates that lost); promoted ones stay for rollback."""
    from ..runtime.classifier import ModelError
    registry = _registry()
    names = registry.unpromoted()
    if not names:
        click.echo("no unpromoted model folders")
    for name in names:
        if yes:
            try:
                registry.remove(name)
            except ModelError as exc:
                raise click.ClickException(str(exc)) from None
        click.echo(f"{'removed' if yes else 'would remove'} {registry.root / name}")
    if names and not yes:
        click.echo("run again with --yes to delete them")


@click.command("retrain")
@click.option("--public", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A public evaluation file the new model must not be worse on (repeatable).")
@click.option("--margin", default=0.5, show_default=True, help="Points a set may lose and still promote.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR,
              show_default="SOURCEMARK_CORPUS")
@click.option("--runtime", type=click.Choice(["onnx", "torch"]), default="onnx", show_default=True,
              help="Score both models on this one runtime: onnx (the int8 graphs workers serve) or torch (fp32).")
@click.option("--epochs", type=click.IntRange(min=1), help="Epochs of each run  [default: 4, the shipped recipe; 2 with --quick]")
@click.option("--seed", "seeds", multiple=True, type=int,
              help="Seed of the run  [default: 13]. Repeated: one run per seed, then their soup (the seed "
                   "soup; the decision shows the runs' spread).")
@click.option("--keep-runs", is_flag=True,
              help="Keep the runs under SOURCEMARK_DATA_DIR/runs/VERSION/ (for `compare --runs`).")
@click.option("--base", "base_model", help="Base model (default: the bundled all-MiniLM-L6-v2).")
@click.option("--quick", is_flag=True,
              help="64 corpus sentences plus every accepted training label, 2 epochs: a smoke test, never a model to ship.")
@click.option("--version", "version", default="", help="Version of the new model (default: UTC time).")
@click.option("--mix-current", is_flag=True,
              help="Take the mean of the trained weights and the current model's (the recipe that made 1.4.0 and 1.6.0 "
                   "with --seed 13 --seed 14 --seed 15 --epochs 3) before comparing.")
@click.option("--calibrate/--no-calibrate", "calibrate", default=True, show_default=True,
              help="Rescale the candidate's head so its confidence matches its dev accuracy (labels unchanged).")
def retrain_command(public, margin, data_dir, runtime, epochs, seeds, keep_runs, base_model, quick, version,
                    mix_current, calibrate):
    """Train on the corpus plus accepted labels (one run, then the soup of its epoch 1 and its kept weights;
    head rescaled on dev), compare with the current model on one runtime, promote only if better."""
    from ..runtime.classifier import ModelError
    from .corpus import CorpusError
    from .retrain import RetrainArgs, retrain

    settings = _settings()
    try:
        args = RetrainArgs(models_dir=settings.model, store_path=settings.data_dir / "labels.sqlite3",
                           store_url=settings.database_url or None,
                           data_dir=data_dir, public=list(public), margin=margin, quick=quick, epochs=epochs, seeds=seeds,
                           keep_runs=keep_runs, mix_current=mix_current, calibrate=calibrate,
                           runtime=runtime, base_model=base_model, version=version,
                           progress=lambda line: click.echo(line, err=True))
        decision = retrain(args)
    except (ValueError, CorpusError, ModelError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(decision["table"])
    verdict = "promoted" if decision["promote"] else "not promoted (the current model stays)"
    click.echo(f"{decision['new']}: {verdict} (training took {decision['train_minutes']} min)")


def register(cli: click.Group) -> None:
    for command in (labels, models, retrain_command):
        cli.add_command(command)
