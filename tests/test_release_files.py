"""Release files without a Docker daemon: licences and notices, committed model metadata, and the
Dockerfile's build stage laid out as the image has it (every COPY source tracked, and the int8
export finds its calibration sentences there)."""
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL_PATH = re.compile(r"(/work/|/root/|/home/|/tmp/|site-packages|/Users/)")


def tracked(path: str) -> bool:
    result = subprocess.run(["git", "ls-files", "--error-unmatch", path], cwd=ROOT, capture_output=True)
    return result.returncode == 0


def test_licence_and_notice():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    notice = (ROOT / "NOTICE").read_text()
    assert "all-MiniLM-L6-v2" in notice and "Apache License, Version 2.0" in notice and "extension/" in notice
    # Every dependency the image installs is named with its licence.
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~ \[]", requirement)[0].lower()
        assert re.search(rf"^  {re.escape(name)} \S+ +\S", notice, re.M), f"NOTICE does not list {name}"


def test_committed_models_carry_no_local_paths_and_state_their_licences():
    folders = [p.parent for p in ROOT.glob("models/*/config.json")]
    assert folders
    for folder in folders:
        for name in ("sourcemark.json", "metrics.json", "README.md"):
            text = (folder / name).read_text()
            assert not LOCAL_PATH.search(text), f"{folder.name}/{name}: {LOCAL_PATH.search(text).group()}"
        card = (folder / "README.md").read_text()
        assert "## Licence" in card and "Apache License 2.0" in card and "MIT License" in card


def dockerfile_copies():
    """(sources, destination) of each COPY, after joining continued lines."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    copies = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True) if line.strip() else []
        if words and words[0].upper() == "COPY":
            args = [w for w in words[1:] if not w.startswith("--")]
            copies.append((args[:-1], args[-1]))
    return copies


def test_dockerfile_copies_tracked_files_and_calibrates_its_graph(tmp_path):
    text = (ROOT / "Dockerfile").read_text()
    assert "--index-url https://download.pytorch.org/whl/cpu" in text  # never the CUDA build
    assert re.search(r"^WORKDIR /app$", text, re.M)
    app = tmp_path / "app"
    app.mkdir()
    copies = dockerfile_copies()
    for sources, dest in copies:
        for source in sources:
            assert (ROOT / source).exists() and tracked(source), f"COPY {source}: not a tracked file of the repo"
            target = app / dest / (Path(source).name if dest.endswith("/") else "") if dest != "./" else app / source
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__", "onnx"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / source, target)
    # The graph is exported after the calibration corpus is in place, in the same layout as here.
    export_at = text.index("sourcemark export")
    assert all(text.index(f"COPY {' '.join(s)}") < export_at for s, _ in copies)
    probe = ("from sourcemark.settings import CHECKOUT; from sourcemark.runtime.export import corpus_calibration; "
             "print(CHECKOUT, len(corpus_calibration()))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(app / "server"), "PATH": ""}).stdout.split()
    assert out == [str(app.resolve()), "1000"]
    current = (app / "models" / "CURRENT").read_text().strip()
    assert json.loads((app / "models" / current / "config.json").read_text())["id2label"]
