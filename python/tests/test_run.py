"""run(): tables, provenance, resuming, errors, reports, threads, Ctrl-C."""

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import parcours

SUMMARY = ["variant", "territory", "group", "indicator", "mean", "ci_low", "ci_high", "n"]
DIFFERENCES = ["variant", "territory", "group", "indicator", "mean_diff", "ci_low", "ci_high", "n", "p_value", "p_holm", "mde", "replications_for_mde_10pct"]
INDICATORS = ["variant", "replication", "territory", "group", "indicator", "value"]
SERIES = ["variant", "replication", "week", "needs", "consultations", "mean_delay_days", "ed_visits", "forgone", "gps_active"]


@pytest.fixture(scope="module")
def tiny_run():
    from conftest import TINY

    return parcours.run(parcours.Scenario.from_toml(TINY), threads=1)


def test_tables_have_the_cli_columns(tiny_run):
    r = tiny_run
    assert list(r.summary.columns) == SUMMARY
    assert list(r.differences.columns) == DIFFERENCES
    assert list(r.indicators.columns) == INDICATORS
    assert list(r.series.columns) == SERIES
    assert set(r.summary["variant"]) == {"base", "sas"}
    assert set(r.differences["variant"]) == {"sas"}
    assert set(r.indicators["replication"]) == {0, 1}
    assert r.summary["n"].between(1, 2).all()  # n < 2 where an indicator is undefined in a replication
    assert pd.api.types.is_float_dtype(r.summary["mean"])
    ed = r.summary.query("variant == 'base' and group == 'all' and indicator == 'ed_visits_per_1000'")
    assert len(ed) == 1 and ed["mean"].iloc[0] > 0 and ed["n"].iloc[0] == 2
    assert r.points is None and r.sensitivity is None


def test_run_info_carries_seed_hash_and_version(tiny_run, tiny_text):
    i = tiny_run.run_info
    assert i["seed"] == 3 and i["replications"] == 2 and i["years"] == 0.1
    assert i["scenario_sha256"] == parcours.Scenario.from_toml(tiny_text).sha256
    assert i["parcours_version"] == parcours.__version__
    assert i["command"] == "run" and i["variants"] == ["sas"]
    assert tiny_run.scenario_text == tiny_text
    assert "run.json" in tiny_run.files


def test_same_seed_same_tables_any_thread_count(tiny_run, tiny_text):
    again = parcours.run(parcours.Scenario.from_toml(tiny_text), threads=2)
    pd.testing.assert_frame_equal(again.indicators, tiny_run.indicators)
    pd.testing.assert_frame_equal(again.summary, tiny_run.summary)
    with pytest.warns(parcours.ParcoursWarning, match=r"no 95 % interval can be computed \(n < 2\)"):
        other = parcours.run(parcours.Scenario.from_toml(tiny_text), seed=4, replications=1, years=0.05)
    assert other.run_info["seed"] == 4 and set(other.indicators["replication"]) == {0}


def test_a_run_warns_as_the_command_line_does(tiny_text, tmp_path):
    """Every warning the terminal prints reaches Python (ParcoursWarning) and
    run.json: one replication (no interval), a premise of the question the
    base case misses (utilisation of at least 99.9 % here, by construction out
    of reach), in English and French."""
    text = tiny_text.replace('warmup_days = 14\n', 'warmup_days = 14\npremises = [{ indicator = "gp_utilisation", at_least = 0.999 }]\n')
    with pytest.warns(parcours.ParcoursWarning) as seen:
        r = parcours.run(parcours.Scenario.from_toml(text), replications=1, threads=1, out=tmp_path / "w")
    said = [str(w.message) for w in seen]
    assert any(m.startswith("1 replication: no 95 % interval can be computed (n < 2)") for m in said), said
    assert any(m.startswith("the scenario's question assumes gp_utilisation ≥ 0.999") for m in said), said
    # run.json keeps the command line's words; Python's say its own argument.
    assert said == [w.replace("--replications 2", "replications=2") for w in r.run_info["warnings"]]
    assert any(m.endswith("use replications=2 or more") for m in said) and not any("--replications" in m for m in said), said
    fr = r.run_info["warnings_fr"]
    assert any(m.startswith("1 réplication\u00a0: aucun intervalle à 95 %") for m in fr), fr
    assert any(m.startswith("la question du scénario suppose gp_utilisation ≥ 0,999") for m in fr), fr


def test_out_folder_is_kept_resumed_and_guarded(tmp_path, tiny_file):
    out = tmp_path / "out"
    r = parcours.run(tiny_file, out=out, replications=2)
    for f in ["indicators.csv", "summary.csv", "differences.csv", "series.csv", "scenario.toml", "plan.json", "run.json"]:
        assert (out / f).is_file(), f
    assert not (out / "report.html").exists()
    again = parcours.run(tiny_file, out=out, replications=2)
    assert again.run_info["tasks_reused"] == again.run_info["tasks"] == 4
    assert (out / "summary.csv").read_bytes() == r.path.joinpath("summary.csv").read_bytes()
    with pytest.raises(parcours.RunError) as e:
        parcours.run(tiny_file, out=out, seed=99)
    assert "another run" in str(e.value)
    opened = parcours.Results.open(out)
    pd.testing.assert_frame_equal(opened.summary, r.summary)
    with pytest.raises(parcours.RunError):
        parcours.Results.open(tmp_path)


def test_temporary_folder_goes_with_the_results(tiny_file):
    r = parcours.run(tiny_file, replications=1, years=0.05)
    path = r.path
    assert path.is_dir()
    summary = r.summary
    r.cleanup()
    assert not path.exists() and len(summary) > 0


def test_bad_arguments_name_the_option(tiny_file):
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.run(tiny_file, replications=0)
    assert e.value.path == "replications"
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.run(tiny_file, years=-1.0)
    assert e.value.path == "years"
    with pytest.raises(TypeError, match="^scenario: expected a Scenario, a file path"):
        parcours.run(42)
    with pytest.raises(parcours.ParcoursError, match='^report: must be "fr", "en" or None'):
        parcours.run(tiny_file, report="de", replications=1, years=0.05)


@pytest.mark.parametrize(
    "kw, message",
    [
        # One message for every value out of range, the limit the command line's
        # (replications=-1 said 0..4294967295, replications=0 "command line: --replications").
        ({"replications": -1}, "replications: must be a whole number from 1 to 100000 (got -1)"),
        ({"replications": 0}, "replications: must be a whole number from 1 to 100000 (got 0)"),
        ({"replications": 100_001}, "replications: must be a whole number from 1 to 100000 (got 100001)"),
        ({"replications": 2**40}, f"replications: must be a whole number from 1 to 100000 (got {2**40})"),
        ({"years": 0}, "years: must be a number of years in (0, 50] (got 0)"),
        ({"years": float("inf")}, "years: must be a number of years in (0, 50] (got inf)"),
        ({"years": 51}, "years: must be a number of years in (0, 50] (got 51)"),
        ({"years": 50.0000001}, "years: must be a number of years in (0, 50] (got 50.0000001)"),
        ({"seed": -1}, f"seed: must be a whole number from 0 to {2**64 - 1} (got -1)"),
        ({"threads": -1}, "threads: must be a whole number from 0 (one per core) to 1024 (got -1)"),
    ],
)
def test_arguments_out_of_range_say_the_argument_and_range_once(tiny_text, kw, message):
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.run(parcours.Scenario.from_toml(tiny_text), **kw)
    assert str(e.value) == message
    assert e.value.path == next(iter(kw)) and e.value.origin == "<arguments>" and e.value.line is None
    assert str(e.value).count(f"{e.value.path}:") == 1


def test_what_only_rust_checks_of_an_argument_is_reported_under_its_name(tiny_text):
    # Less than one day of observation: Rust's check, under the Python name, not "command line: --years".
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.run(parcours.Scenario.from_toml(tiny_text), years=0.001)
    assert str(e.value).startswith("years: 0.001 years is less than one day of observation"), str(e.value)
    assert e.value.path == "years" and e.value.origin == "<arguments>"
    assert "command line" not in str(e.value) and "--" not in str(e.value)


def test_numpy_numbers_are_accepted_as_arguments(tiny_text):
    np = pytest.importorskip("numpy")
    r = parcours.run(parcours.Scenario.from_toml(tiny_text), replications=np.int64(2), years=np.float64(0.05), seed=np.uint64(4))
    assert (r.run_info["replications"], r.run_info["years"], r.run_info["seed"]) == (2, 0.05, 4)
    with pytest.raises(TypeError, match="^replications: a whole number is needed"):
        parcours.run(parcours.Scenario.from_toml(tiny_text), replications=1.5)


@pytest.mark.parametrize("out", [123, 1.5, b"bytes", ["a"]])
def test_a_bad_out_names_the_argument(tiny_text, out):
    with pytest.raises(TypeError) as e:
        parcours.run(parcours.Scenario.from_toml(tiny_text), replications=1, years=0.05, out=out)
    assert str(e.value) == f"out: expected a folder path (str or os.PathLike), got {type(out).__name__}"


def test_a_bad_out_or_base_dir_of_an_experiment_names_the_argument(experiment_files):
    sweep, _ = experiment_files
    with pytest.raises(TypeError, match=r"^out: expected a folder path \(str or os.PathLike\), got int$"):
        parcours.sweep(sweep, out=123)
    with pytest.raises(TypeError, match=r"^base_dir: expected a folder path \(str or os.PathLike\), got int$"):
        parcours.sweep(sweep.read_text(), base_dir=7)
    with pytest.raises(TypeError, match="^experiment: expected an experiment file path"):
        parcours.sweep(3)


def test_reports(tmp_path, tiny_file):
    r = parcours.run(tiny_file, out=tmp_path / "with", report="en", replications=2, years=0.05)
    assert (r.path / "report.html").is_file() and (r.path / "figures").is_dir()
    dest = r.report(tmp_path / "copy.html", lang="fr")
    html = dest.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or "<html" in html[:500]
    assert 'lang="fr"' in html
    with pytest.raises(parcours.ParcoursError):
        r.report(lang="xx")


def test_territory_summary():
    t = parcours.territory("departement=23")
    assert t["communes"] == len(t["zones"]) > 100
    assert t["inhabitants"] == t["zones"]["inhabitants"].sum()
    assert t["gps"] > 0 and t["mean_travel_gp_min"] > 0
    assert "all" in set(t["apl"]["group"])
    assert t["text"].startswith("territory departement=23:")
    with pytest.raises(parcours.ParcoursError):
        parcours.territory("departement=99")
    with pytest.raises(parcours.ParcoursError):
        parcours.territory("nonsense")


def test_territory_takes_a_departement_number_or_code():
    # A user on Lozère wrote territory(48): a bare TypeError without the argument's name.
    t = parcours.territory(48)
    assert t["spec"] == "departement=48" and t["text"].startswith("territory departement=48:")
    assert set(t["zones"]["departement"]) == {"48"}
    # Zero-padded as INSEE writes it (1 is Ain, "01"); a bare code as text too.
    assert parcours.territory(1)["spec"] == "departement=01"
    assert parcours.territory("2A")["spec"] == "departement=2A"
    assert parcours.territory(" 976 ")["spec"] == "departement=976"
    for bad in [48.0, None, True, ["48"]]:
        with pytest.raises(TypeError, match='^spec: expected text like "departement=48"'):
            parcours.territory(bad)


@pytest.mark.parametrize("spec, code", [(99, "99"), ("99", "99"), ("2C", "2C"), ("departement=975", "975"), (0, "00")])
def test_an_unknown_departement_says_which_codes_exist(spec, code):
    with pytest.raises(parcours.ParcoursError) as e:
        parcours.territory(spec)
    assert str(e.value) == f'no département "{code}" (départements are 01–19, 2A, 2B, 21–95, 971–974, 976)'
    assert "did you mean" not in str(e.value)


INTERRUPT = textwrap.dedent(
    """
    import json, os, signal, sys, threading, time
    import parcours

    # Python keeps SIGINT ignored when started with it ignored (a background
    # job of a non-interactive shell, as CI may be): restore the usual handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    text = open(sys.argv[1]).read()
    out = sys.argv[2]
    tasks = os.path.join(out, "tasks")
    seen = {"tasks_while_running": 0}

    def watch():
        # Runs while run() simulates: possible only because the GIL is released.
        while True:
            n = len(os.listdir(tasks)) if os.path.isdir(tasks) else 0
            if n >= 1 and not os.path.exists(os.path.join(out, "run.json")):
                seen["tasks_while_running"] = n
                os.kill(os.getpid(), signal.SIGINT)
                return
            if os.path.exists(os.path.join(out, "run.json")):
                return
            time.sleep(0.002)

    s = parcours.Scenario.from_toml(text)
    w = threading.Thread(target=watch, daemon=True)
    w.start()
    try:
        parcours.run(s, out=out, threads=1)
        first = "completed"
    except KeyboardInterrupt:
        first = "interrupted"
    w.join()
    saved = len(os.listdir(tasks))
    complete_after_interrupt = os.path.exists(os.path.join(out, "run.json"))
    r = parcours.run(s, out=out, threads=1)
    info = r.run_info
    print(json.dumps({"first": first, "seen": seen["tasks_while_running"], "saved": saved,
                      "complete_after_interrupt": complete_after_interrupt,
                      "tasks": info["tasks"], "reused": info["tasks_reused"]}))
    """
)


def test_ctrl_c_stops_cleanly_and_the_run_resumes(tmp_path, tiny_text):
    # Many small tasks on one thread: the watcher thread sees the first task
    # file long before the last one, and sends SIGINT to its own process.
    text = tiny_text.replace("replications = 2", "replications = 150").replace("population = 3000", "population = 8000")
    scen = tmp_path / "long.toml"
    scen.write_text(text, encoding="utf-8")
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPT, encoding="utf-8")
    p = subprocess.run([sys.executable, str(script), str(scen), str(tmp_path / "out")], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert res["first"] == "interrupted", res
    assert res["seen"] >= 1
    assert not res["complete_after_interrupt"]
    assert 1 <= res["saved"] < res["tasks"] == 300
    assert res["reused"] == res["saved"]


@pytest.mark.parametrize(
    "kw, error",
    [
        ({"replications": -1}, ValueError),
        ({"replications": 2**40}, ValueError),
        ({"seed": -1}, ValueError),
        ({"threads": 5000}, ValueError),
        ({"years": "0.1"}, TypeError),
        ({"seed": True}, TypeError),
    ],
)
def test_bad_run_arguments_name_the_argument(tiny_text, kw, error):
    name = next(iter(kw))
    with pytest.raises(error, match=f"^{name}:"):
        parcours.run(parcours.Scenario.from_toml(tiny_text), **kw)


def test_a_relative_output_folder_survives_a_change_of_directory(tiny_text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = parcours.run(parcours.Scenario.from_toml(tiny_text), replications=2, years=0.05, out="relout")
    monkeypatch.chdir("/")
    assert r.summary is not None and len(r.summary) > 0
    assert r.run_info["seed"] is not None


def test_a_table_after_cleanup_is_an_error_not_none(tiny_text):
    """After cleanup() a table not yet read raises RunError (trial 29: it
    returned None, and the user met an AttributeError further on)."""
    r = parcours.run(parcours.Scenario.from_toml(tiny_text), years=0.02, threads=1)
    kept = r.summary
    r.cleanup()
    assert len(r.summary) == len(kept), "a table already read stays readable"
    with pytest.raises(parcours.RunError, match="no longer exists"):
        r.differences
