"""CLI commands for data and models: corpus validate/split/stats, train, evaluate, compare, soup, calibrate, audit."""
from __future__ import annotations

import json
from pathlib import Path

import click



def DATA_DIR() -> Path:
    """The corpus folder setting (SOURCEMARK_CORPUS), read when a command runs."""
    from ..settings import SettingsError, load
    try:
        return load().corpus
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _sets(files, split, data_dir):
    from .corpus import CorpusError, load_corpus
    from .evaluate import corpus_eval_set, corpus_page_set, load_eval_set

    sets = []
    try:
        if split:
            corpus = load_corpus(data_dir)
            sets += [corpus_page_set(corpus[name.removesuffix("-pages")], f"corpus:{name}") if name.endswith("-pages")
                     else corpus_eval_set(corpus[name], f"corpus:{name}") for name in split]
        sets += [load_eval_set(f) for f in files]
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    if not sets:
        raise click.UsageError("name at least one FILE or --split")
    return sets


_split_option = click.option("--split", "split", multiple=True,
                             type=click.Choice(["train", "dev", "test", "dev-pages", "test-pages"]),
                             help="Also score this split of the corpus (repeatable): each sentence with its "
                                  "context, or with -pages each article whole through the service (rules and gate).")
_data_option = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR,
                            show_default="SOURCEMARK_CORPUS", help="Corpus folder (articles.jsonl, split.json).")


@click.group()
def corpus():
    """Check and split the labelled corpus."""


@corpus.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_data_option
def corpus_validate(files, data_dir):
    """Validate the corpus and split (or the given label files); bad rows are listed with line numbers."""
    from .corpus import CorpusError, article_examples, label_counts, load_corpus, read_label_file

    try:
        if files:
            for path in files:
                click.echo(f"{path}: {label_counts(read_label_file(path))}")
        else:
            for name, articles in load_corpus(data_dir).items():
                examples = [e for a in articles for e in article_examples(a)]
                click.echo(f"{name}: {len(articles)} articles, {len(examples)} sentences {label_counts(examples)}")
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("ok")


@corpus.command("split")
@_data_option
@click.option("--extend", is_flag=True, help="Assign only articles in no split yet, to train and dev; test stays frozen.")
@click.option("--force", is_flag=True, help="Replace an existing split (the test split is frozen: think twice).")
@click.option("--seed", default=13, show_default=True)
def corpus_split(data_dir, extend, force, seed):
    """Write split.json: articles assigned to train/dev/test, stratified by beat and register."""
    from .corpus import extend_split, make_split, read_articles

    path = data_dir / "split.json"
    articles = read_articles(data_dir / "articles.jsonl")
    if extend:
        if not path.exists():
            raise click.ClickException(f"{path} does not exist: run `sourcemark corpus split` first")
        split = extend_split(json.loads(path.read_text(encoding="utf-8")), articles, seed=seed)
    elif path.exists() and not force:
        raise click.ClickException(f"{path} exists; the split is frozen (--extend adds new articles, --force replaces it)")
    else:
        split = make_split(articles, seed=seed)
    path.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    click.echo(", ".join(f"{k}: {len(v)} articles" for k, v in split.items()))


@click.command("train")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="New model folder to write.")
@_data_option
@click.option("--add", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra label file (CSV text,label or JSONL), repeatable.")
@click.option("--base", "base_model", help="Base model folder or hub name (default: bundled all-MiniLM-L6-v2).")
@click.option("--context", type=click.Choice(["pair", "none"]), default="none", show_default=True,
              help="Feed neighbouring sentences as a second input.")
@click.option("--context-dropout", default=0.3, show_default=True,
              help="With --context pair: share of training inputs shown without context.")
@click.option("--epochs", type=click.IntRange(min=1), help="Most epochs a run  [default: 4; 2 with --quick]")
@click.option("--patience", default=2, show_default=True,
              help="Stop after this many epochs without a better dev macro-F1.")
@click.option("--average/--no-average", default=True, show_default=True,
              help="Also score the mean of the epochs' weights on dev; keep it if better.")
@click.option("--save-epoch", "save_epochs", multiple=True, type=int,
              help="Also write this epoch's weights to OUT-epochN (repeatable), e.g. as soup ingredients.")
@click.option("--batch-size", default=32, show_default=True)
@click.option("--lr", default=8e-5, show_default=True)
@click.option("--max-tokens", default=128, show_default=True)
@click.option("--seed", "seeds", multiple=True, type=int,
              help="Seed of the run  [default: 13]. Repeated: one run per seed, then the soup of their kept "
                   "weights (the seed soup), with the runs' spread in the card.")
@click.option("--keep-runs", is_flag=True, help="Keep the seed runs in OUT-seeds/ (e.g. for `compare --runs`).")
@click.option("--threads", default=0, help="torch threads (0: torch's default).")
@click.option("--fp32", is_flag=True, help="Store fp32 weights instead of fp16.")
@click.option("--quick", is_flag=True,
              help="64 corpus sentences plus every --add label, 32 dev sentences, 2 epochs unless --epochs: for tests.")
@click.option("--name", default="sourcemark-minilm", show_default=True)
@click.option("--version", "version", default="", help="Version string (default: UTC date and time).")
def train_command(out, data_dir, add, base_model, context, context_dropout, epochs, patience, average, save_epochs, batch_size, lr, max_tokens, seeds, keep_runs,
                  threads, fp32, quick, name, version):
    """Fine-tune a base model on the corpus plus any label files; write a model folder with card and metrics.

    One run by default; `--seed` given two or more times trains the seed soup (one run per seed,
    then their soup: about 20 minutes a run on two CPU cores).
    """
    from .corpus import CorpusError
    from .recipe import train_seeds
    from .train import TrainArgs, train

    epochs = epochs or (2 if quick else 4)
    seeds = seeds or (13,)
    options = dict(out=out, data_dir=data_dir, add=list(add), context=context, context_dropout=context_dropout,
                   epochs=epochs, patience=patience, average=average, save_epochs=save_epochs,
                   batch_size=batch_size, lr=lr, max_tokens=max_tokens, seed=seeds[0], threads=threads,
                   fp16=not fp32, quick=quick, name=name, version=version)
    if base_model:
        options["base_model"] = base_model
    try:
        args = TrainArgs(**options)
        if len(set(seeds)) > 1:
            metrics = train_seeds(args, seeds, keep_runs=keep_runs, say=lambda line: click.echo(line, err=True))
        else:
            metrics = train(args)
    except (ValueError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    dev = metrics["dev"]["macro_f1"] if metrics.get("dev") else float("nan")
    click.echo(f"wrote {out} in {metrics['train_seconds'] / 60:.1f} min; dev macro-F1 {dev:.4f}")


@click.command("evaluate")
@click.option("--model", "model_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_split_option
@_data_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("sourcemark-eval"), show_default=True,
              help="Folder for report.md, metrics.json and confusion PNGs.")
@click.option("--runtime", type=click.Choice(["auto", "torch", "onnx"]), default="auto", show_default=True,
              help="torch: the fp32 reference; onnx: the exported int8 graph; auto: onnx when exported.")
def evaluate_command(model_dir, files, split, data_dir, out, runtime):
    """Per-class P/R/F1, macro-F1 and confusion of a model and the cue baseline on each FILE.

    Beside each score, its 95% interval over resamples of the set's items: a target inside it is one
    the set cannot tell from the score.
    """
    from ..runtime.classifier import ModelError
    from .evaluate import evaluate
    from .report import summary_table, write_report

    sets = _sets(files, split, data_dir)
    try:
        result = evaluate(model_dir, sets, lambda line: click.echo(line, err=True), runtime=runtime)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    path = write_report(result, out)
    click.echo(summary_table(result))
    click.echo(f"report: {path}")


_runtime_choice = click.Choice(["torch", "onnx"])


@click.command("compare")
@click.argument("old", type=click.Path(exists=True, file_okay=False))
@click.argument("new", type=click.Path(exists=True, file_okay=False))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_split_option
@_data_option
@click.option("--runtime", type=_runtime_choice, default="torch", show_default=True,
              help="Score both models on this one runtime: torch (fp32) or onnx (the int8 graph served; "
                   "built first where a model has none).")
@click.option("--runs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Also score these models (repeatable; e.g. NEW's seed runs kept by `train --keep-runs`) "
                   "and show their mean and range per set: the spread of one draw of the recipe.")
def compare_command(old, new, files, split, data_dir, runtime, runs):
    """Two models side by side on the same sets and the same runtime; the change column is in points.

    Beside each change, its 95% interval over 1,000 paired resamples of the set's sentences or lines.
    Where NEW is a seed soup, the seed runs' dev and test spread recorded in training is printed below.
    """
    from ..runtime.classifier import ModelError
    from .evaluate import evaluate
    from .report import compare_table, seed_spread_note

    sets = _sets(files, split, data_dir)
    progress = lambda line: click.echo(line, err=True)  # noqa: E731
    try:
        if runtime == "onnx":
            from ..runtime.registry import ensure_graph
            for folder in (old, new, *runs):
                ensure_graph(folder, data_dir, progress)
        scored = [evaluate(folder, sets, progress, runtime=runtime) for folder in (old, new, *runs)]
        click.echo(compare_table(scored[0], scored[1], scored[2:]) + seed_spread_note(new))
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("soup")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="New model folder to write.")
@click.argument("models", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@_data_option
@click.option("--name", default="", help="Model name (default: the last model's).")
@click.option("--version", "version", default="", help="Version string (default: UTC date and time).")
def soup_command(out, models, data_dir, name, version):
    """Average the weights of models fine-tuned from one base (a model soup); score it on dev and test."""
    from .soup import SoupError, soup

    try:
        metrics = soup(out, list(models), data_dir, version=version, name=name)
    except SoupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {out}; dev macro-F1 {metrics['dev']['macro_f1']:.4f}" if "dev" in metrics else f"wrote {out}")


@click.command("calibrate")
@click.argument("model", type=click.Path(exists=True, file_okay=False))
@_data_option
def calibrate_command(model, data_dir):
    """Rescale MODEL's classification head so its confidence matches its dev accuracy (labels unchanged).

    Rewrites MODEL's weights in place and removes its int8 graph (rebuilt by export or promote)."""
    from .calibrate import CalibrationError, calibrate
    from .corpus import CorpusError

    try:
        result = calibrate(model, data_dir)
    except (CalibrationError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    before, after = result["before"], result["after"]
    click.echo(f"head scaled by {result['scale']:.2f}: dev log-loss {before['log_loss']:.4f} -> {after['log_loss']:.4f}, "
               f"mean confidence {before['mean_confidence']:.3f} -> {after['mean_confidence']:.3f} "
               f"(accuracy {after['accuracy']:.3f})")


@click.group()
def audit():
    """Check a public set's gold labels against the guide with a blind re-reading."""


@audit.command("sample")
@click.option("--model", "model_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for items.jsonl (what the reader sees) and key.json (labels, kept from the reader).")
@click.option("--per-cell", default=40, show_default=True, type=click.IntRange(1),
              help="Sentences drawn from each cell of the model's confusion with the gold.")
@click.option("--seed", default=17, show_default=True, type=int)
@click.option("--runtime", type=click.Choice(["auto", "torch", "onnx"]), default="auto", show_default=True)
def audit_sample(model_dir, file, out, per_cell, seed, runtime):
    """Draw sentences of FILE per confusion cell and write them without labels for a blind reader."""
    from ..runtime.classifier import Classifier, ModelError
    from .audit import AuditError, sample
    from .evaluate import load_eval_set

    data = load_eval_set(file)
    try:
        classifier = Classifier(model_dir, runtime=runtime)
        probs = classifier.predict([e.text for e in data.examples], [e.context for e in data.examples])
        cells = sample(file, data, [max(p, key=p.get) for p in probs], per_cell, seed, out)
    except (ModelError, AuditError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"cells {cells}; wrote {out / 'items.jsonl'}: label each sentence by the guide into "
               f"{out / 'answers.jsonl'}, then run `sourcemark audit score {out}`")


@audit.command("score")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def audit_score(folder):
    """Estimate the model's and the gold's F1 against the reader, weighting each cell by its size."""
    from .audit import AuditError, score, score_table

    try:
        click.echo(score_table(score(folder)))
    except AuditError as exc:
        raise click.ClickException(str(exc)) from None


def register(cli: click.Group) -> None:
    from .gate_command import gate_command

    for command in (corpus, train_command, evaluate_command, compare_command, soup_command, calibrate_command,
                    gate_command, audit):
        cli.add_command(command)
