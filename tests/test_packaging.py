"""A wheel (not an editable checkout) carries its package data, and its default paths stay out of site-packages."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_has_its_data_and_defaults_under_the_working_directory(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "server", src / "server", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp_path / "dist"), str(src)], check=True)
    wheel = next((tmp_path / "dist").glob("sourcemark-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"sourcemark/serving/openapi.json", "sourcemark/serving/gunicorn.conf.py", "sourcemark/training/retrain.py"} <= set(names)

    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    probe = ("from sourcemark.settings import CHECKOUT, load; from sourcemark.serving.api import openapi_text; "
             "s = load(environ={}); print(CHECKOUT, s.model.resolve(), s.corpus.resolve(), len(openapi_text()) > 1000)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=work, env={"PYTHONPATH": str(site), "PATH": ""},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["None", str(work.resolve() / "models"), str(work.resolve() / "data"), "True"]
