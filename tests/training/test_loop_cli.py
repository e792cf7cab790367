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


def test_labels_accept_names_skipped_ids_and_warns_of_conflicts(tmp_path):
    env = {"SOURCEMARK_DATA_DIR": str(tmp_path)}
    store = LabelStore(tmp_path / "labels.sqlite3")
    a = store.add("The mayor resigned on Friday.", "unsourced").id
    b = store.add("The mayor  resigned on Friday.", "sourced").id  # the same sentence, another label
    c = store.add("Prices rose.", "unsourced").id
    result = run(["labels", "accept", str(a), "999", str(c)], env)
    assert result.exit_code == 1
    assert f"{a}: accepted" in result.stdout and f"{c}: accepted" in result.stdout  # 999 did not stop it
    assert "999: skipped: no label with id 999" in result.stderr and "1 of 3 id(s) skipped: 999" in result.stderr
    assert "different accepted labels" not in result.stderr
    result = run(["labels", "accept", str(b)], env)
    assert result.exit_code == 0 and f"ids {a} (unsourced), {b} (sourced)" in result.stderr


def test_labels_edit_corrects_a_label(tmp_path):
    env = {"SOURCEMARK_DATA_DIR": str(tmp_path)}
    store = LabelStore(tmp_path / "labels.sqlite3")
    label_id = store.add("Officials said the bridge will reopen.", "unsourced", status="accepted").id
    result = run(["labels", "edit", str(label_id), "sourced"], env)
    assert result.exit_code == 0 and result.stdout.strip() == f"{label_id}: unsourced -> sourced (accepted)"
    assert store.get(label_id)["label"] == "sourced" and store.get(label_id)["status"] == "accepted"
    bad = run(["labels", "edit", str(label_id), "Not A Label"], env)
    assert bad.exit_code == 1 and "not a lowercase name" in bad.output and store.get(label_id)["label"] == "sourced"
    assert run(["labels", "edit", "999", "opinion"], env).exit_code == 1


def test_models_list_promote_rollback(models_dir):
    from ..conftest import build_tiny_model
    build_tiny_model(models_dir / "tiny-v2")
    env = {"SOURCEMARK_MODEL": str(models_dir)}
    assert "* tiny-v1" in run(["models", "list"], env).stdout
    promoted = run(["models", "promote", "tiny-v2"], env)
    assert promoted.stdout.strip() == "current: tiny-v2"
    # Promotion built the int8 graph, so no worker falls back to torch.
    assert (models_dir / "tiny-v2" / "onnx" / "model.int8.onnx").is_file()
    assert "* tiny-v2" in run(["models", "list"], env).stdout
    assert run(["models", "rollback"], env).stdout.strip() == "current: tiny-v1"
    refused = run(["models", "rollback"], env)
    assert refused.exit_code == 1 and "nothing to roll back" in refused.output
    assert run(["models", "promote", "nope"], env).exit_code == 1


def test_promote_refuses_a_folder_that_does_not_load(models_dir):
    from ..conftest import build_tiny_model
    broken = build_tiny_model(models_dir / "tiny-broken")
    (broken / "model.safetensors").write_bytes(b"not weights")
    env = {"SOURCEMARK_MODEL": str(models_dir)}
    result = run(["models", "promote", "tiny-broken"], env)
    assert result.exit_code == 1
    assert "tiny-broken not promoted (tiny-v1 stays current)" in result.output and "cannot load" in result.output
    assert (models_dir / "CURRENT").read_text().strip() == "tiny-v1"
    assert "* tiny-v1" in run(["models", "list"], env).stdout
    assert (models_dir / "HISTORY").read_text().split() == ["tiny-v1"]


def test_promote_makes_owner_only_files_readable_and_prune_removes_losers(models_dir):
    from ..conftest import build_tiny_model
    build_tiny_model(models_dir / "tiny-v2")
    build_tiny_model(models_dir / "tiny-lost")
    (models_dir / "tiny-v2" / "model.safetensors").chmod(0o600)  # as safetensors writes it
    env = {"SOURCEMARK_MODEL": str(models_dir)}
    assert run(["models", "promote", "tiny-v2"], env).exit_code == 0
    for path in [models_dir / "tiny-v2", *(models_dir / "tiny-v2").rglob("*")]:
        assert path.stat().st_mode & 0o044 == 0o044, path  # readable by a non-root service
    listed = run(["models", "prune"], env)
    assert "would remove" in listed.stdout and "tiny-lost" in listed.stdout and "tiny-v" not in listed.stdout
    assert (models_dir / "tiny-lost").is_dir()
    assert "removed" in run(["models", "prune", "--yes"], env).stdout
    assert not (models_dir / "tiny-lost").exists()
    assert (models_dir / "tiny-v1").is_dir() and (models_dir / "tiny-v2").is_dir()


def test_retrain_refuses_without_accepted_labels(models_dir, tmp_path):
    env = {"SOURCEMARK_MODEL": str(models_dir), "SOURCEMARK_DATA_DIR": str(tmp_path / "state")}
    result = run(["retrain", "--quick"], env)
    assert result.exit_code == 1 and "no accepted labels" in result.output
