import csv

from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.storage.labels import LabelStore



def run(args, env, **kwargs):
    result = CliRunner().invoke(cli, args, env=env, **kwargs)
    return result


def test_labels_review_export_import(tmp_path):
    env = {"SOURCEMARK_DATA_DIR": str(tmp_path)}
    store = LabelStore(tmp_path / "labels.sqlite3")
    keep = store.add("Officials said the bridge will reopen.", "sourced", predicted="unsourced").id
    drop = store.add("The deal is a betrayal.", "unsourced", predicted="opinion").id
    store.add("Still pending here.", "opinion")
    assert "Officials said" in run(["labels", "list", "--status", "pending"], env).output
    assert run(["labels", "accept", str(keep)], env).output.strip() == f"{keep}: accepted"
    assert run(["labels", "reject", str(drop)], env).exit_code == 0
    missing = run(["labels", "accept", "999"], env)
    assert missing.exit_code == 1 and "no label with id 999" in missing.output

    out = tmp_path / "accepted.csv"
    assert "wrote 1 accepted labels" in run(["labels", "export", str(out)], env).output
    with out.open(encoding="utf-8") as handle:
        assert [(r["text"], r["label"]) for r in csv.DictReader(handle)] == [
            ("Officials said the bridge will reopen.", "sourced")]

    newsroom = tmp_path / "newsroom.csv"
    newsroom.write_text("text,label\nOfficials said the bridge will reopen.,sourced\nRates rose.,unsourced\n",
                        encoding="utf-8")
    assert "1 new, 1 already stored" in run(["labels", "import", str(newsroom)], env).output
    assert store.counts() == {"pending": 1, "accepted": 2, "rejected": 1}
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\n,sourced\n", encoding="utf-8")
    result = run(["labels", "import", str(bad)], env)
    assert result.exit_code == 1 and "bad.csv:2" in result.output and store.counts()["accepted"] == 2


def test_models_list_promote_rollback(models_dir):
    from .conftest import build_tiny_model
    build_tiny_model(models_dir / "tiny-v2")
    env = {"SOURCEMARK_MODEL": str(models_dir)}
    assert "* tiny-v1" in run(["models", "list"], env).output
    assert run(["models", "promote", "tiny-v2"], env).output.strip() == "current: tiny-v2"
    assert "* tiny-v2" in run(["models", "list"], env).output
    assert run(["models", "rollback"], env).output.strip() == "current: tiny-v1"
    refused = run(["models", "rollback"], env)
    assert refused.exit_code == 1 and "nothing to roll back" in refused.output
    assert run(["models", "promote", "nope"], env).exit_code == 1


def test_retrain_refuses_without_accepted_labels(models_dir, tmp_path):
    env = {"SOURCEMARK_MODEL": str(models_dir), "SOURCEMARK_DATA_DIR": str(tmp_path / "state")}
    result = run(["retrain", "--quick"], env)
    assert result.exit_code == 1 and "no accepted labels" in result.output
