"""Reader text on its way to a terminal, a log or a spreadsheet: escaped or neutralised, never run."""
import csv

import pytest
from click.testing import CliRunner

from sourcemark.cli import cli
from sourcemark.core.safe_text import escape_control, neutralise_formula, restore_formula
from sourcemark.storage.labels import LabelStore
from sourcemark.training.corpus import Example, read_label_file, write_label_file


def test_control_characters_are_escaped():
    assert escape_control("red \x1b[31mtext\x07") == "red \\x1b[31mtext\\x07"
    assert escape_control("a\r\nforged line") == "a\\x0d\\x0aforged line"
    assert escape_control("\u202eevil\x9b") == "\\u202eevil\\x9b"
    assert escape_control("Café 😀 «quoted»") == "Café 😀 «quoted»"


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2 dead", "@SUM(A1)", "\tx", "\rx", "'=1",
                                  "''+1", "'plain", "plain", "", "a=b"])
def test_formulas_are_neutralised_and_round_trip(cell):
    guarded = neutralise_formula(cell)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_formula(guarded) == cell


def test_labels_list_escapes_what_readers_wrote(tmp_path):
    LabelStore(tmp_path / "labels.sqlite3").add("Nice \x1b]0;owned\x07 title \x1b[2J cleared.", "opinion",
                                                 predicted="sourced")
    out = CliRunner().invoke(cli, ["labels", "list"], env={"SOURCEMARK_DATA_DIR": str(tmp_path)}).output
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;owned\\x07" in out


def test_csv_export_cannot_run_formulas_and_reads_back_unchanged(tmp_path):
    path = write_label_file(tmp_path / "labels.csv", [
        Example('=HYPERLINK("http://evil.example","click") is a claim.', "unsourced", "+cmd|' /C calc'!A0"),
        Example("-1 is the figure, officials said.", "sourced", "")])
    with path.open(encoding="utf-8", newline="") as handle:
        cells = [value for row in csv.DictReader(handle) for value in row.values() if value]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    back = read_label_file(path)
    assert [(e.text, e.label, e.context) for e in back] == [
        ('=HYPERLINK("http://evil.example","click") is a claim.', "unsourced", "+cmd|' /C calc'!A0"),
        ("-1 is the figure, officials said.", "sourced", "")]
