"""The model card (README.md in a model folder): data, settings, scores and limits."""
from __future__ import annotations


def _table(metrics: dict | None) -> str:
    if not metrics:
        return "(not measured)\n"
    rows = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label, m in metrics["per_class"].items():
        rows.append(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
    rows.append(f"| **macro** | | | **{metrics['macro_f1']:.3f}** | {metrics['n']} |")
    return "\n".join(rows) + "\n"


def _input(info: dict) -> str:
    if info["context"] != "pair":
        return "The sentence alone (measured better on dev than with neighbouring sentences as context)."
    dropout = info["args"].get("context_dropout", 0)
    return ("The sentence, paired with its neighbouring sentences (`previous [...] next`) as a second input: "
            f"a quote's speaker is often named next door. In training {dropout:.0%} of inputs came without "
            "context, so a lone sentence is handled too.")


def render(info: dict, metrics: dict) -> str:
    data = "\n".join(f"- `{d['path']}` sha256 `{d['sha256'][:16]}…`" for d in info["data"])
    history = "\n".join(f"- epoch {h['epoch']}: "
                        + (f"train loss {h['train_loss']:.4f}, " if h["train_loss"] is not None else "")
                        + f"dev macro-F1 {h['dev_macro_f1']:.4f}" for h in metrics["history"])
    if metrics.get("chosen"):
        history += f"\n\nKept: {metrics['chosen']}, the best on dev."
    args = info["args"]
    return f"""# {info['name']} {info['version']}

Labels each sentence of a news article as {', '.join(f'`{l}`' for l in info['labels'])}
(see the labelling guide). Fine-tuned from `{info['base_model']}` by `sourcemark train`
on {info['trained_at']}, in {metrics['train_seconds'] / 60:.1f} minutes on this machine's CPU.

## Input
{_input(info)}
At most {info['max_tokens']} tokens.

## Weights
{"fp16 safetensors: half the size of fp32 in git; the service loads them as fp32, so labels match the fp32 model up to rounding." if args.get('fp16') else "fp32 safetensors."}

## Data
Training counts: {info['train_counts']}; dev counts: {info['dev_counts']}.
{data}

## Settings
epochs ≤ {args['epochs']} (early stopping on dev macro-F1, patience {args['patience']}), batch {args['batch_size']},
learning rate {args['lr']} with {args['warmup']:.0%} linear warm-up then decay, weight decay {args['weight_decay']}, seed {args['seed']}.
{history}

{scores_and_limits(metrics, info["context"], "used for early stopping")}"""


def scores_and_limits(metrics: dict, context: str, dev_role: str) -> str:
    """The card's dev and test tables and its limits, shared by trained models and soups."""
    return f"""## Scores
Dev split ({dev_role}):

{_table(metrics.get('dev'))}
Test split (never used for choices):

{_table(metrics.get('test'))}
Scores on the public real-news sets: run `sourcemark evaluate` (see the repository README). They are
development sets (read to write corpus batches and to choose between models), not held-out
generalisation figures.

## Limits
- Trained on text written by the SourceMark team to the labelling guide, not on published
  news; real articles are longer, messier and more varied, so expect lower scores there.
- English only. A label says who vouches for a sentence, never whether it is true.
- {"Sentences are judged with at most their neighbours as context" if context == "pair"
     else "Each sentence is judged alone"}: a quote whose speaker is named only in another
  sentence can be missed, and attribution made paragraphs away is not seen.

{LICENCE}"""


def with_gate(card: str, version: str, gate: dict) -> str:
    """A model card with its title's version set and a section on the furniture gate (replacing an older
    gate's), before the licence."""
    lines = card.splitlines()
    if version and lines and lines[0].startswith("# "):
        lines[0] = " ".join(lines[0].split()[:2] + [version])
    dev = gate["metrics"]["dev"]
    files = ", ".join(f"`{p}`" for p in gate["lines"]) or "none"
    if gate.get("unit", "sentence") == "block":
        unit = f"a whole line (a block of up to {gate['max_sentences']} sentences)"
        asked = (f"a line of at most {gate['max_sentences']} sentences (not a one-sentence short headline with a verb); "
                 f"at p(furniture) ≥ {gate['threshold']} each of its sentences is labelled")
        seen = "every sentence and every block of up to that length that the rules pass"
    else:
        unit, seen = "the sentence alone", "every sentence the rules pass, lone or not"
        asked = (f"a sentence that stands alone on its line (and is not a short headline with a verb); "
                 f"at p(furniture) ≥ {gate['threshold']} the sentence is labelled")
    section = f"""## Furniture gate
`gate/` holds a second, binary model (claim or page furniture), fine-tuned from
`{gate['base_model']}` by `sourcemark gate` on the corpus's training sentences and short blocks that the
service's rules pass ({gate['metrics']['train_lines']['furniture']} furniture, {gate['metrics']['train_lines']['claim']} claims, page lines included) and
on the page-line files {files}; {gate['epochs']} epochs, seed {gate['seed']}, at most {gate['max_tokens']} tokens of {unit},
in {gate['metrics']['minutes']} minutes. The service asks it only about {asked}
`none` with rule `furniture_gate`. The sentence model's labels are otherwise untouched.
On the corpus dev split ({seen}) it found furniture with
precision {dev['precision']:.3f} and recall {dev['recall']:.3f}. Its weights carry the licence below.
"""
    text = "\n".join(lines) + "\n"
    old = text.find("## Furniture gate")
    if old >= 0:
        end = text.find("\n## ", old + 1)
        text = text[:old] + (text[end + 1:] if end >= 0 else "")
    at = text.find("## Licence")
    return text[:at] + section + "\n" + text[at:] if at >= 0 else text + "\n" + section


LICENCE = """## Licence
The weights are a modified version (classification head added, every weight fine-tuned) of
[sentence-transformers/all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
Copyright the sentence-transformers authors, licensed under the Apache License 2.0; the tokenizer
is that model's, unchanged. These weights are distributed under the Apache License 2.0 as
well; keep this notice with them (the repository's NOTICE file carries the attribution). The training corpus
(`data/`) was written and labelled by the SourceMark team and is distributed under the
repository's MIT License; no sentence in it is copied from a published source.
"""
