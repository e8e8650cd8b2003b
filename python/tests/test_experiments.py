"""sweep() and sensitivity(): tables with a point column, and errors."""

import pytest

import parcours


def test_sweep_from_a_file(experiment_files):
    sweep, _ = experiment_files
    r = parcours.sweep(sweep)
    assert list(r.points.columns) == ["point", "parameters.gp.unscheduled_share"]
    assert list(r.points["parameters.gp.unscheduled_share"]) == [0.15, 0.3]
    assert list(r.summary.columns)[:2] == ["point", "variant"]
    assert set(r.summary["point"]) == {0, 1}
    assert r.run_info["command"] == "sweep" and r.run_info["points"] == 2


def test_sensitivity_from_text(experiment_files):
    _, oat = experiment_files
    r = parcours.sensitivity(oat.read_text(), base_dir=oat.parent)
    s = r.sensitivity
    assert s is not None and len(s) > 0
    assert {"parameter", "indicator", "swing"} <= set(s.columns)
    assert set(s["parameter"]) == {"parameters.gp.unscheduled_share"}


def test_experiment_errors_name_the_field(experiment_files, tmp_path):
    sweep, _ = experiment_files
    bad = sweep.read_text().replace('kind = "grid"', 'kind = "spiral"')
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.sweep(bad, base_dir=sweep.parent)
    assert e.value.path.startswith("design")
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.sweep(sweep.read_text(), base_dir=tmp_path / "nowhere")
    assert "cannot read" in str(e.value)
    with pytest.raises(parcours.ScenarioError):
        parcours.sensitivity(tmp_path / "missing.toml")


def test_a_path_with_an_equals_sign_is_a_file(experiment_files, tmp_path):
    sweep, _ = experiment_files
    folder = tmp_path / "share=0.3"
    folder.mkdir()
    for f in [sweep, sweep.parent / "tiny.toml"]:
        (folder / f.name).write_text(f.read_text())
    r = parcours.sweep(str(folder / "sweep.toml"), replications=1)
    assert r.run_info["experiment_origin"] == str(folder / "sweep.toml")


def test_calibration_fit_has_numbers_and_texts(tiny_file):
    """fit.csv's target is a number and its source a text (trial 29: the
    target was read as text, so simulated_mean - target raised TypeError)."""
    text = """\
name = "tiny-cal"
scenario = "tiny.toml"
replications = 2
years = 0.05

[[parameters]]
path = "parameters.choice.asc_ed"
low = -7
high = -5

[calibration]
screening = 2
iterations = 1

[[calibration.target]]
indicator = "ed_visits_per_1000"
value = 300
"""
    r = parcours.calibrate(text, base_dir=tiny_file.parent)
    fit = r.fit
    assert fit is not None and len(fit) == 1
    assert fit["target"].dtype == "float64" and fit["target"].iloc[0] == 300.0
    assert isinstance(fit["source"].iloc[0], str) and fit["source"].iloc[0] == ""
    assert (fit["simulated_mean"] - fit["target"]).notna().all()
    with pytest.raises(ValueError):
        r.table("../summary")
