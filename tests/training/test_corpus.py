import json

import pytest

from sourcemark.training.corpus import (CorpusError, article_examples, load_corpus, make_split, read_articles,
                                        read_label_file)


def article(i, beat="politics", register="wire"):
    text = "Minister quits\n\n“It is over,” she said. Prices rose 4%. The plan is a disgrace."
    spans, at = [], 0
    for piece, label in (("Minister quits", "unsourced"), ("“It is over,” she said.", "sourced"),
                         ("Prices rose 4%.", "unsourced"), ("The plan is a disgrace.", "opinion")):
        at = text.index(piece, at)
        spans.append({"start": at, "end": at + len(piece), "label": label})
        at += len(piece)
    return {"id": f"a{i}", "beat": beat, "register": register, "text": text, "sentences": spans}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_examples_carry_neighbours_as_context():
    ex = article_examples(article(1))
    assert [e.label for e in ex] == ["unsourced", "sourced", "unsourced", "opinion"]
    assert ex[1].text == "“It is over,” she said." and ex[1].context == "Minister quits [...] Prices rose 4%."
    assert ex[0].context == "[...] “It is over,” she said."


def test_validator_names_every_bad_line(tmp_path):
    bad_span = article(2)
    bad_span["sentences"][0]["end"] = 999
    overlap = article(3)
    overlap["sentences"][2]["start"] = 5
    bad_label = article(4)
    bad_label["sentences"][1]["label"] = "Sourced!"
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([json.dumps(article(1)), "{broken", json.dumps(bad_span), json.dumps(overlap),
                               json.dumps(bad_label), json.dumps(article(1))]) + "\n")
    with pytest.raises(CorpusError) as err:
        read_articles(path)
    text = "\n".join(err.value.problems)
    for line in (2, 3, 4, 5, 6):
        assert f"a.jsonl:{line}:" in text
    assert "a.jsonl:1:" not in text and "duplicate id" in text


def test_label_files_csv_and_jsonl(tmp_path):
    csv = tmp_path / "labels.csv"
    csv.write_text('text,label\n"Officials said the bridge will reopen.",sourced\nThe deal is a betrayal.,opinion\n'
                   "Fresh label works,satire\n", encoding="utf-8")
    assert [e.label for e in read_label_file(csv)] == ["sourced", "opinion", "satire"]
    rows = write_jsonl(tmp_path / "labels.jsonl", [{"text": "Prices rose.", "label": "unsourced"}, article(9)])
    assert len(read_label_file(rows)) == 5


def test_label_file_errors_have_line_numbers(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("text,label\nok sentence,sourced\n,opinion\nanother,BAD LABEL\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        read_label_file(csv)
    assert any("bad.csv:3" in p for p in err.value.problems) and any("bad.csv:4" in p for p in err.value.problems)
    header = tmp_path / "h.csv"
    header.write_text("sentence,tag\nsome text,sourced\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="header"):
        read_label_file(header)


def test_split_is_deterministic_disjoint_and_stratified():
    articles = [article(i, beat=b, register=r) for i, (b, r) in
                enumerate((b, r) for b in ("politics", "sport", "health") for r in ("wire", "op-ed") for _ in range(10))]
    a, b = make_split(articles), make_split(articles)
    assert a == b
    ids = [i for name in a for i in a[name]]
    assert len(ids) == len(set(ids)) == len(articles)
    assert 10 <= len(a["test"]) <= 14 and len(a["dev"]) >= 5


def test_load_corpus_rejects_a_split_that_misses_articles(tmp_path):
    write_jsonl(tmp_path / "articles.jsonl", [article(1), article(2)])
    (tmp_path / "split.json").write_text(json.dumps({"train": ["a1"], "dev": [], "test": ["zz"]}))
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path)
    assert any("'zz'" in p for p in err.value.problems) and any("'a2' is in no split" in p for p in err.value.problems)


def test_extend_split_keeps_test_frozen():
    from sourcemark.training.corpus import extend_split

    old = {"train": ["a1"], "dev": ["a2"], "test": ["a3"]}
    articles = [article(i) for i in range(1, 24)]
    new = extend_split(old, articles)
    assert new["test"] == ["a3"] and "a1" in new["train"] and "a2" in new["dev"]
    assert sorted(i for ids in new.values() for i in ids) == sorted(a["id"] for a in articles)
    assert len(new["dev"]) >= 2


def test_corpus_split_command_refuses_to_replace_a_frozen_split_and_takes_a_seed(corpus_dir):
    from click.testing import CliRunner

    from sourcemark.cli import cli

    before = (corpus_dir / "split.json").read_text()
    result = CliRunner().invoke(cli, ["corpus", "split", "--data-dir", str(corpus_dir)])
    assert result.exit_code != 0 and "frozen" in result.output
    assert (corpus_dir / "split.json").read_text() == before
    result = CliRunner().invoke(cli, ["corpus", "split", "--data-dir", str(corpus_dir), "--force", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "train:" in result.output and json.loads((corpus_dir / "split.json").read_text())["test"]
