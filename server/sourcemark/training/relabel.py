"""Find corpus rows that contradict a revised guide rule, and apply reviewed relabels with their reasons.

Two steps keep every change traceable: `candidates` lists rows a rule may contradict (a search,
not a decision); a person reviews them into a decisions file (JSONL, one row per candidate:
id, start, end, text, old, decision "relabel" or "keep", new, reason); `apply` writes the
"relabel" rows into articles.jsonl after checking that each still names the same text and old
label. Applying twice changes nothing. Run as `python -m sourcemark.training.relabel`.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..core.labels import NONE, is_non_claim
from ..settings import REPO_ROOT
from .corpus import CorpusError, read_articles

# "back" as a verb ("back the coach"), not the adverb of a phrasal verb ("brought back the rules").
_NOT_PHRASAL = "".join(f"(?<!{verb} )" for verb in (
    "bring", "brought", "brings", "pull", "pulled", "come", "came", "go", "went", "get", "got", "give",
    "gave", "put", "hold", "held", "cut", "pay", "paid", "set"))
# Stance, feeling and act verbs of guide rule 1: with only a noun phrase as object they report an
# act (unsourced); with a content clause, a quote or "as"/"called" + judgement they attribute.
_STANCE = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing)|condemn(?:s|ed|ing)?|prais(?:e|es|ed|ing)|thank(?:s|ed|ing)?|"
    r"welcom(?:e|es|ed|ing)|critici[sz](?:e|es|ed|ing)|back(?:s|ed|ing)|"
    rf"{_NOT_PHRASAL}back(?= (?:the|a|an|his|her|their|its|it|[A-Z])\b)|"
    r"endors(?:e|es|ed|ing)|support(?:s|ed|ing)?|reject(?:s|ed|ing)?|"
    r"propos(?:e|es|ed|ing)|hail(?:s|ed|ing)?|applaud(?:s|ed|ing)?|grill(?:s|ed|ing)?|"
    r"attack(?:s|ed|ing)? (?:the|his|her|their|[A-Z])|denounc(?:e|es|ed|ing)|lament(?:s|ed|ing)?|"
    r"congratulat(?:e|es|ed|ing)|champion(?:s|ed|ing)|defend(?:s|ed|ing)?|commend(?:s|ed|ing)?|"
    r"deplor(?:e|es|ed|ing)|demand(?:s|ed|ing)?|unveil(?:s|ed|ing)?|call(?:s|ed|ing)? for|"
    r"express(?:es|ed|ing)? (?:concern|support|confidence|regret|alarm|dismay|doubt|sympathy|"
    r"gratitude|anger|frustration)|(?:is|are|was|were) (?:not )?(?:especially )?eager to|"
    # Added with batch ten: speech-act verbs with a noun-phrase object that 1.3.0 read as sourced.
    r"critical of|rail(?:s|ed|ing)? against|fac(?:e|es|ed|ing) questions|debat(?:e|es|ed|ing)|"
    r"tout(?:s|ed|ing)?|t(?:ake|akes|ook|aking) aim at|brush(?:es|ed|ing)? off|push(?:es|ed|ing)? back|"
    r"dismiss(?:es|ed|ing)?|doubl(?:e|es|ed|ing) down|articulat(?:e|es|ed|ing)|discuss(?:es|ed|ing)?|"
    r"question(?:s|ed|ing)? (?:the|his|her|their|its))\b",
    re.IGNORECASE)
# Attribution that gives content: a saying verb, a content clause, quotation marks, a colon frame.
_CONTENT = re.compile(
    r"[\"“”‘’:]|\b(?:said|says|say|saying|told|tells|according|wrote|writes|stated|added|claimed|claims|"
    r"argued|arguing|argues|noted|insisted|warned|warning|believes?|believing|thinks?|expects?|hopes?|"
    r"found|shows?|showed|reported|that|whether|why|called(?! for)|calling|as|announced|announces|"
    r"alleges?|denied|denies|confirmed|understood|thought|seen|estimates?)\b", re.IGNORECASE)
# Cue words in another sense (guide rule 1): a discovery, not a finding someone reports.
_DISCOVERY = re.compile(r"\b(?:found|finds|discovered)\b", re.IGNORECASE)
_SOURCE_OF_FINDING = re.compile(
    r"\b(?:study|studies|survey|poll|review|report|inquiry|analysis|trial|research|team|board|watchdog|"
    r"authors|monitoring|according|heard|said|says|that|audit|auditor|evaluation|"
    r"modelling|autopsy|paper|committee|regulators|researchers|observatory|benchmark|brief)\b|[\"“”:]",
    re.IGNORECASE)


def find_candidates(articles: list[dict]) -> list[dict]:
    """`sourced` rows that may contradict widened rule 1, each with the pattern that caught it."""
    found = []
    for article in articles:
        text = article["text"]
        for span in article["sentences"]:
            if span["label"] != "sourced":
                continue
            piece = text[span["start"]:span["end"]]
            why = None
            if _STANCE.search(piece) and not _CONTENT.search(piece):
                why = "stance-noun-object"
            elif _DISCOVERY.search(piece) and not _SOURCE_OF_FINDING.search(piece):
                why = "cue-other-sense"
            if why:
                found.append({"id": article["id"], "start": span["start"], "end": span["end"],
                              "text": piece, "old": span["label"], "pattern": why})
    return found


def find_furniture_candidates(articles: list[dict]) -> list[dict]:
    """Claim rows that widened rule 8 may make `none`: lines the service's furniture rules drop, and
    short questions alone in a paragraph after the headline (sub-heads such as "What happens next?")."""
    found = []
    for article in articles:
        text = article["text"]
        for n, span in enumerate(article["sentences"]):
            if span["label"] == NONE:
                continue
            piece = text[span["start"]:span["end"]]
            before, after = text[:span["start"]], text[span["end"]:]
            alone = before.endswith("\n") and (not after or after.startswith("\n"))
            why = None
            if is_non_claim(piece):
                why = "furniture-rule"
            elif alone and n > 0 and piece.endswith("?") and len(piece.split()) <= 8:
                why = "subhead-question"
            if why:
                found.append({"id": article["id"], "start": span["start"], "end": span["end"],
                              "text": piece, "old": span["label"], "pattern": why})
    return found


def read_decisions(path: str | Path) -> list[dict]:
    """Reviewed rows; raises CorpusError naming each malformed line."""
    path = Path(path)
    rows, problems = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            problems.append(f"{path}:{n}: not JSON ({exc})")
            continue
        missing = [k for k in ("id", "start", "end", "text", "old", "decision", "reason") if k not in row]
        if missing:
            problems.append(f"{path}:{n}: missing {', '.join(missing)}")
        elif row["decision"] not in ("relabel", "keep"):
            problems.append(f"{path}:{n}: decision must be relabel or keep, not {row['decision']!r}")
        elif row["decision"] == "relabel" and not row.get("new"):
            problems.append(f"{path}:{n}: a relabel needs a new label")
        elif not str(row["reason"]).strip():
            problems.append(f"{path}:{n}: the reason is empty")
        else:
            rows.append(row)
    if problems:
        raise CorpusError(problems)
    return rows


def apply_decisions(articles: list[dict], decisions: list[dict]) -> tuple[int, int]:
    """Write each "relabel" decision into `articles` in place: (changed, already applied).

    A decision whose article, span, text or old label no longer matches raises CorpusError, so a
    stale decisions file never relabels the wrong sentence.
    """
    by_id = {a["id"]: a for a in articles}
    changed = already = 0
    problems = []
    for row in decisions:
        if row["decision"] != "relabel":
            continue
        where = f"{row['id']} {row['start']}..{row['end']}"
        article = by_id.get(row["id"])
        span = next((s for s in article["sentences"] if (s["start"], s["end"]) == (row["start"], row["end"])),
                    None) if article else None
        if span is None:
            problems.append(f"{where}: no such article or sentence span")
        elif article["text"][row["start"]:row["end"]] != row["text"]:
            problems.append(f"{where}: the text differs from the decision's")
        elif span["label"] == row["new"]:
            already += 1
        elif span["label"] != row["old"]:
            problems.append(f"{where}: label is {span['label']!r}, the decision expects {row['old']!r}")
        else:
            span["label"] = row["new"]
            changed += 1
    if problems:
        raise CorpusError(problems)
    return changed, already


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sourcemark.training.relabel", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data")
    sub = parser.add_subparsers(dest="command", required=True)
    cands = sub.add_parser("candidates", help="print candidate rows as JSONL (to review into a decisions file)")
    cands.add_argument("--rule", choices=("1", "8"), default="1",
                       help="1: attribution without content (sourced rows); 8: page furniture (claim rows)")
    apply = sub.add_parser("apply", help="write the reviewed relabels into articles.jsonl")
    apply.add_argument("decisions", type=Path)
    args = parser.parse_args(argv)
    corpus_file = args.data_dir / "articles.jsonl"
    try:
        articles = read_articles(corpus_file)
        if args.command == "candidates":
            rows = find_candidates(articles) if args.rule == "1" else find_furniture_candidates(articles)
            for row in rows:
                print(json.dumps(row, ensure_ascii=False))
            print(f"{len(rows)} candidates", file=sys.stderr)
            return 0
        decisions = read_decisions(args.decisions)
        changed, already = apply_decisions(articles, decisions)
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 1
    if changed:
        corpus_file.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    kept = sum(r["decision"] == "keep" for r in decisions)
    print(f"{changed} relabelled, {already} already applied, {kept} reviewed and kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
