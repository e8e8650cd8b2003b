"""The Python API and the command line give byte-identical files for the
same scenario and seed (run, sweep and sensitivity)."""

import json
import subprocess

import parcours

COMPARED = ["indicators.csv", "summary.csv", "differences.csv", "series.csv"]


def cli_run(cli, *args):
    p = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p


def same_files(a, b, names):
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"
    ja, jb = json.loads((a / "run.json").read_text()), json.loads((b / "run.json").read_text())
    for key in ["scenario_sha256", "seed", "replications", "years", "parcours_version", "needs_simulated", "events_simulated"]:
        assert ja[key] == jb[key], key
    # The plan identity hashes the git commit of the build as well: equal when
    # the binary and the extension were built from the same commit (CI).
    if ja["git_commit"] == jb["git_commit"]:
        assert ja["plan"] == jb["plan"]


def test_run_is_byte_identical_to_the_cli(cli, tiny_file, tmp_path):
    cli_out, py_out = tmp_path / "cli", tmp_path / "py"
    cli_run(cli, "run", tiny_file, "--replications", 3, "--seed", 11, "--years", 0.1, "--threads", 2, "--quiet", "--no-report", "--out", cli_out)
    r = parcours.run(parcours.Scenario.from_file(tiny_file), replications=3, seed=11, years=0.1, threads=1, out=py_out)
    assert r.path == py_out
    same_files(cli_out, py_out, COMPARED)
    assert (py_out / "differences.csv").stat().st_size > 0


def test_sweep_and_sensitivity_are_byte_identical_to_the_cli(cli, experiment_files, tmp_path):
    sweep, oat = experiment_files
    cli_run(cli, "sweep", sweep, "--quiet", "--no-report", "--out", tmp_path / "cli-sweep")
    parcours.sweep(sweep, out=tmp_path / "py-sweep")
    same_files(tmp_path / "cli-sweep", tmp_path / "py-sweep", COMPARED + ["points.csv"])
    cli_run(cli, "sensitivity", oat, "--quiet", "--no-report", "--out", tmp_path / "cli-oat")
    # Experiment given as text: the scenario path is relative to base_dir.
    parcours.sensitivity(oat.read_text(), base_dir=oat.parent, out=tmp_path / "py-oat")
    same_files(tmp_path / "cli-oat", tmp_path / "py-oat", COMPARED + ["points.csv", "sensitivity.csv"])


def test_territory_text_is_the_cli_summary(cli):
    # One text from one library function: the summary, today's structures
    # and the APL table, as `parcours territory show SPEC --lang en` prints it.
    t = parcours.territory("departement=90")
    printed = cli_run(cli, "territory", "show", "departement=90", "--lang", "en").stdout
    assert "existing structures" in t["text"]
    assert printed.rstrip("\n") == t["text"].rstrip("\n")
