"""The example script runs (so it cannot rot) and draws its figure."""

import os
import pathlib
import subprocess
import sys

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "rural_sas_tele_msp.py"


def test_example_runs_and_saves_its_figure(tmp_path):
    env = dict(os.environ, PARCOURS_EXAMPLE_OUT=str(tmp_path), MPLBACKEND="Agg")
    p = subprocess.run([sys.executable, str(EXAMPLE)], cwd=EXAMPLE.parents[2], env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    png = tmp_path / "rural-sas-tele-msp-differences.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "sas" in p.stdout
