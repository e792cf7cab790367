"""`sourcemark gate`: a copy of a model folder with a furniture gate trained into gate/."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("gate")
@click.option("--model", "model_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The sentence model folder to copy.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The new model folder.")
@click.option("--lines", "lines", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A page-line file ({text, label} per line; `none` is furniture) to train on (repeatable).")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Corpus folder  [default: (SOURCEMARK_CORPUS)]")
@click.option("--base", "base_model", default=None,
              help="Base model folder or hub name  [default: the bundled all-MiniLM-L6-v2]")
@click.option("--version", default="", help="Version of the new folder (default: the copied model's).")
@click.option("--epochs", default=2, show_default=True)
@click.option("--threshold", default=0.9, show_default=True, help="A line is furniture at this probability or more.")
@click.option("--unit", type=click.Choice(["block", "sentence"]), default="block", show_default=True,
              help="What the service asks the gate about: a whole line of up to --max-sentences sentences, "
                   "or a sentence alone on its line.")
@click.option("--max-sentences", default=3, show_default=True, help="The longest line a block gate is asked about.")
@click.option("--layers", default=0, show_default=True,
              help="Keep only the base's first N transformer layers (0: all); fewer is faster to serve.")
@click.option("--seed", default=13, show_default=True)
@click.option("--quick", is_flag=True, help="A few dozen lines, for tests.")
def gate_command(model_dir, out, lines, data_dir, base_model, version, epochs, threshold, unit, max_sentences,
                 layers, seed, quick):
    """Copy MODEL to OUT and train its furniture gate (about 15 minutes on two CPU cores).

    The gate is a second, binary model (page furniture or claim) that the service asks only about
    short lines (a block of up to --max-sentences sentences); its `none` overrides the sentence
    model's labels there.
    """
    from ..settings import load
    from .corpus import CorpusError
    from .gate import GateArgs, train_gate

    try:
        options = dict(model=model_dir, out=out, lines=list(lines), data_dir=data_dir or load().corpus,
                       version=version, epochs=epochs, threshold=threshold, unit=unit,
                       max_sentences=max_sentences, layers=layers, seed=seed, quick=quick)
        if base_model:
            options["base_model"] = base_model
        args = GateArgs(**options)
        metrics = train_gate(args)
    except (ValueError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    dev = metrics["dev"]
    click.echo(f"wrote {out} in {metrics['minutes']} min; corpus dev furniture P {dev['precision']:.3f} "
               f"R {dev['recall']:.3f} F1 {dev['f1']:.3f}")
