import json

from click.testing import CliRunner

from sourcemark.cli import cli, serve


def test_analyze_json_and_text(tiny_model, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Storm hits coast\n\nThe storm arrived at dawn, officials said. It is a disgrace.", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(cli, ["analyze", str(src), "--json", "--model", str(tiny_model)])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output)
    assert [s["text"] for s in body["sentences"]] == ["Storm hits coast", "The storm arrived at dawn, officials said.",
                                                       "It is a disgrace."]
    plain = runner.invoke(cli, ["analyze", "-", "--model", str(tiny_model)], input="Prices rose sharply on Monday.")
    assert plain.exit_code == 0 and "Prices rose sharply on Monday." in plain.output and "[" in plain.output


def test_missing_model_and_empty_input_are_clear_errors(tmp_path, tiny_model):
    runner = CliRunner()
    out = runner.invoke(cli, ["analyze", "-", "--model", str(tmp_path / "nope")], input="Some text here.")
    assert out.exit_code == 1 and "no model at" in out.output
    out = runner.invoke(cli, ["analyze", "-", "--model", str(tiny_model)], input="  ")
    assert out.exit_code == 1 and "empty" in out.output
    out = runner.invoke(serve, ["--model", str(tmp_path / "nope")])
    assert out.exit_code == 1 and "SOURCEMARK_MODEL" in out.output


def test_bad_setting_is_named(monkeypatch):
    monkeypatch.setenv("SOURCEMARK_BATCH_SIZE", "lots")
    out = CliRunner().invoke(cli, ["analyze", "-"], input="Some text here.")
    assert out.exit_code == 1 and "SOURCEMARK_BATCH_SIZE='lots'" in out.output


def test_settings_lists_every_variable():
    out = CliRunner().invoke(cli, ["settings"])
    assert out.exit_code == 0 and "SOURCEMARK_MODEL" in out.output and "SOURCEMARK_CORS_ORIGINS" in out.output


def test_export_names_bad_rows_of_a_calibration_file(tmp_path, tiny_model):
    bad = tmp_path / "cal.csv"
    bad.write_text("text,label\nA fine sentence.,sourced\n,opinion\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["export", str(tiny_model), "--calibration", str(bad)])
    assert out.exit_code == 1 and "cal.csv:3" in out.output
    assert not (tiny_model / "onnx").exists()  # nothing written before the file was checked
