"""`sourcemark db current` and `sourcemark db upgrade` on a store written by the release before Alembic."""
from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.storage.labels import LabelStore
from sourcemark.storage.migrate import head

from .test_labels import write_legacy_store


def test_db_upgrade_migrates_a_legacy_store_and_is_idempotent(tmp_path):
    write_legacy_store(tmp_path / "labels.sqlite3")
    env = {"SOURCEMARK_DATA_DIR": str(tmp_path), "SOURCEMARK_DATABASE_URL": ""}
    runner = CliRunner()
    before = runner.invoke(cli, ["db", "current"], env=env)
    assert before.exit_code == 0 and "schema_version 1 (before Alembic)" in before.output
    upgraded = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0 and f"0001 -> {head()}" in upgraded.output
    again = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert again.exit_code == 0 and f"{head()} -> {head()}" in again.output
    assert f"{head()} (head {head()})" in runner.invoke(cli, ["db", "current"], env=env).output
    assert LabelStore(tmp_path / "labels.sqlite3").counts() == {"pending": 1, "accepted": 1, "rejected": 1}


def test_db_upgrade_names_an_unreachable_database_without_its_password():
    result = CliRunner().invoke(cli, ["db", "upgrade"],
                                env={"SOURCEMARK_DATABASE_URL": "postgresql://u:hunter2@127.0.0.1:1/x"})
    assert result.exit_code == 1 and "127.0.0.1:1/x" in result.output and "hunter2" not in result.output
