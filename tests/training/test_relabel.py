import json
from pathlib import Path

import pytest

from sourcemark.training.corpus import CorpusError, read_articles
from sourcemark.training.relabel import apply_decisions, find_candidates, main, read_decisions

DATA = Path(__file__).resolve().parents[2] / "data"


def article(pieces, article_id="x1"):
    text, spans = "", []
    for piece, label in pieces:
        if text:
            text += " "
        spans.append({"start": len(text), "end": len(text) + len(piece), "label": label})
        text += piece
    return {"id": article_id, "text": text, "sentences": spans}


def test_candidates_are_sourced_acts_without_content_and_discoveries():
    a = article([
        ("The mayor condemned the violence.", "sourced"),
        ("Both parties have opposed the pact.", "sourced"),
        ("Officers found a knife in the car.", "sourced"),
        ("The mayor condemned the violence, saying it shamed the city.", "sourced"),
        ("The minister called the plan reckless.", "sourced"),
        ("A 2023 study found burnout doubled.", "sourced"),
        ("The union backed the deal.", "unsourced"),
        ("He brought back the old rules.", "sourced"),
        ("He has been critical of the trade deal since the primary.", "sourced"),
        ("She railed against the influence of super PACs.", "sourced"),
        ("The campaign dismissed the episode as a non-story.", "sourced"),
    ])
    found = {c["text"]: c["pattern"] for c in find_candidates([a])}
    assert found == {"The mayor condemned the violence.": "stance-noun-object",
                     "Both parties have opposed the pact.": "stance-noun-object",
                     "Officers found a knife in the car.": "cue-other-sense",
                     "He has been critical of the trade deal since the primary.": "stance-noun-object",
                     "She railed against the influence of super PACs.": "stance-noun-object"}


def decision(a, n, new="unsourced", kind="relabel"):
    s = a["sentences"][n]
    return {"id": a["id"], "start": s["start"], "end": s["end"], "text": a["text"][s["start"]:s["end"]],
            "old": s["label"], "decision": kind, "new": new, "reason": "rule 1"}


def test_apply_relabels_once_and_refuses_stale_decisions():
    a = article([("The mayor condemned the violence.", "sourced"), ("Prices rose.", "unsourced")])
    rows = [decision(a, 0), decision(a, 1, kind="keep")]
    assert apply_decisions([a], rows) == (1, 0)
    assert [s["label"] for s in a["sentences"]] == ["unsourced", "unsourced"]
    assert apply_decisions([a], rows) == (0, 1)
    stale = dict(rows[0], text="The mayor praised the police.")
    with pytest.raises(CorpusError, match="text differs"):
        apply_decisions([a], [stale])
    other = dict(decision(a, 1), old="opinion", new="sourced")
    with pytest.raises(CorpusError, match="expects 'opinion'"):
        apply_decisions([a], [other])


def test_decisions_file_needs_a_reason_and_a_known_decision(tmp_path):
    path = tmp_path / "d.jsonl"
    a = article([("The mayor condemned the violence.", "sourced")])
    good = decision(a, 0)
    path.write_text("\n".join([json.dumps(good), json.dumps(dict(good, reason=" ")),
                               json.dumps(dict(good, decision="maybe")), "{"]) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        read_decisions(path)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in err.value.problems] == ["2", "3", "4"]


def test_cli_applies_to_a_corpus_folder(tmp_path, capsys):
    a = article([("The mayor condemned the violence.", "sourced")])
    (tmp_path / "articles.jsonl").write_text(json.dumps(a) + "\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(json.dumps(decision(a, 0)) + "\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "apply", str(tmp_path / "d.jsonl")]) == 0
    assert "1 relabelled" in capsys.readouterr().out
    assert read_articles(tmp_path / "articles.jsonl")[0]["sentences"][0]["label"] == "unsourced"


def test_every_recorded_relabel_is_in_the_corpus():
    # The shipped corpus carries every reviewed relabel: none was lost or reverted by a later edit.
    articles = read_articles(DATA / "articles.jsonl")
    for path in sorted((DATA / "relabels").glob("*.jsonl")):
        changed, already = apply_decisions(articles, read_decisions(path))
        assert changed == 0 and already == sum(r["decision"] == "relabel" for r in read_decisions(path))


def test_furniture_candidates_are_claim_rows_the_rules_drop_and_lone_subhead_questions():
    from sourcemark.training.relabel import find_furniture_candidates

    text = "Bird flu found on farm\n\nWhat is H5N7?\n\nIt is a flu strain. Is it safe?\n\nUpdated 2 hours ago"
    spans = []
    for piece, label in (("Bird flu found on farm", "unsourced"), ("What is H5N7?", "unsourced"),
                         ("It is a flu strain.", "unsourced"), ("Is it safe?", "opinion"),
                         ("Updated 2 hours ago", "unsourced")):
        start = text.index(piece)
        spans.append({"start": start, "end": start + len(piece), "label": label})
    found = {c["text"]: c["pattern"] for c in find_furniture_candidates([{"id": "e1", "text": text, "sentences": spans}])}
    assert found == {"What is H5N7?": "subhead-question", "Updated 2 hours ago": "furniture-rule"}
