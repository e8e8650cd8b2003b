"""Scenario: construction, validation errors with field paths, edits by path."""

import pytest

import parcours


def test_default_is_the_embedded_scenario():
    s = parcours.Scenario.default()
    assert s.name == "default"
    assert [t["name"] for t in s.territories] == ["urban", "rural"]
    assert s.inhabitants == 140_000
    assert len(s.sha256) == 64
    assert s.origin == "<embedded default>"
    assert "default" in repr(s)


def test_from_toml_and_file_agree(tiny_text, tiny_file):
    a = parcours.Scenario.from_toml(tiny_text)
    b = parcours.Scenario.from_file(tiny_file)
    assert a == b and a.sha256 == b.sha256
    assert b.origin == str(tiny_file)
    assert a.to_toml() == tiny_text
    assert a.variants == ["sas"] and a.replications == 2 and a.years == 0.1


def test_invalid_value_names_field_line_and_reason(tiny_text):
    bad = tiny_text.replace("area_km2 = 300", "area_km2 = -40")
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.Scenario.from_toml(bad, origin="my.toml")
    err = e.value
    assert isinstance(err, ValueError) and isinstance(err, parcours.ParcoursError)
    assert err.path == "territories[0].area_km2"
    assert "positive" in err.reason and "-40" in err.reason
    assert err.line == bad.splitlines().index("area_km2 = -40") + 1
    assert err.origin == "my.toml"
    assert str(err).startswith(f"my.toml:{err.line}: territories[0].area_km2:")


def test_unknown_field_is_refused(tiny_text):
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.Scenario.from_toml(tiny_text.replace("unscheduled_share = 0.2", "unscheduld_share = 0.2"))
    assert e.value.path == "parameters.gp.unscheduld_share"
    assert "unknown field" in e.value.reason and "unscheduled_share" in e.value.reason
    assert e.value.line == 17


def test_unreadable_file(tmp_path):
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.Scenario.from_file(tmp_path / "missing.toml")
    assert "cannot read" in str(e.value)


def test_validate_false_then_validate(tiny_text):
    s = parcours.Scenario.from_toml(tiny_text.replace("years = 0.1", "years = 0"), validate=False)
    assert "not validated" in repr(s)
    with pytest.raises(parcours.ScenarioError) as e:
        s.validate()
    assert e.value.path == "years"


def test_with_parameters_sets_values_by_path_and_keeps_comments(tiny_text):
    base = parcours.Scenario.from_toml(tiny_text)
    s = base.with_parameters({"gp.unscheduled_share": 0.3, "variants.sas.add_policies.sas.participation": 0.8})
    d = s.to_dict()
    assert d["parameters"]["gp"]["unscheduled_share"] == 0.3
    assert d["variants"][0]["add_policies"][0]["participation"] == 0.8
    assert "# A tiny rural territory" in s.to_toml()
    assert base.to_dict()["parameters"]["gp"]["unscheduled_share"] == 0.2  # the original is unchanged
    assert s.sha256 != base.sha256
    # Top-level fields and integers; a parameter table that is absent is created.
    s2 = base.with_parameters({"years": 0.2, "territories.valley.population": 2500, "choice.asc_ed": -5.0})
    d2 = s2.to_dict()
    assert d2["years"] == 0.2 and d2["territories"][0]["population"] == 2500
    assert d2["parameters"]["choice"]["asc_ed"] == -5.0
    assert base.with_parameters(seed=9).seed == 9


def test_with_parameters_errors(tiny_text):
    s = parcours.Scenario.from_toml(tiny_text)
    with pytest.raises(parcours.ScenarioError) as e:
        s.with_parameters({"policies.sas.participation": 0.5})
    assert e.value.path == "policies.sas.participation" and "no" in e.value.reason
    with pytest.raises(parcours.ScenarioError) as e:
        s.with_parameters({"gp.unscheduled_share": 1.5})
    assert e.value.path == "parameters.gp.unscheduled_share"
    with pytest.raises(TypeError):
        s.with_parameters({"gp.unscheduled_share": "high"})
    with pytest.raises(TypeError):
        s.with_parameters({"gp.unscheduled_share": True})


@pytest.mark.parametrize(
    "values, path, reason",
    [
        # An index past a list's end: the path once (it said "p: p: speed_kmh has 4 values").
        ({"travel.speed_kmh.7": 30}, "parameters.travel.speed_kmh.7", "speed_kmh has 4 values, indices 0 to 3; 7 is out of range"),
        # One of today's structures, not written in the scenario.
        ({"policies.today_cpts.participation": 0.5}, "policies.today_cpts.participation", "is one of today's structures"),
        # A value that is not finite.
        ({"gp.unscheduled_share": float("inf")}, "parameters.gp.unscheduled_share", "inf is not a finite number"),
    ],
)
def test_with_parameters_errors_name_the_path_once(tiny_text, values, path, reason):
    s = parcours.Scenario.from_toml(tiny_text)
    with pytest.raises(parcours.ScenarioError) as e:
        s.with_parameters(values)
    key = next(iter(values))
    assert e.value.path == path and reason in e.value.reason, str(e.value)
    assert str(e.value).startswith(f"<text> with {key} = "), str(e.value)
    assert str(e.value).count(f"{path}:") == 1, str(e.value)
    assert not e.value.reason.startswith(path), e.value.reason


def test_with_parameters_errors_cite_the_parameter_not_a_line_of_the_rewritten_text(tiny_text):
    # Without [parameters.gp], with_parameters appends it after the last
    # line the user wrote; the error cited that line, a line of nothing.
    text = tiny_text.replace("[parameters.gp]\nunscheduled_share = 0.2\n", "")
    assert "unscheduled_share" not in text
    s = parcours.Scenario.from_toml(text)
    with pytest.raises(parcours.ScenarioError) as e:
        s.with_parameters({"gp.unscheduled_share": 1.5, "territories.valley.population": 2500})
    assert e.value.line is None and e.value.path == "parameters.gp.unscheduled_share"
    assert [p[0] for p in e.value.problems] == [None] * len(e.value.problems)
    assert str(e.value).startswith(
        "<text> with gp.unscheduled_share = 1.5, territories.valley.population = 2500: parameters.gp.unscheduled_share: "
    ), str(e.value)
    # A problem the values did not make keeps its line in the text the user wrote.
    bad = parcours.Scenario.from_toml(tiny_text.replace("zone_count = 4", "zone_count = 0"), validate=False)
    with pytest.raises(parcours.ScenarioError) as e:
        bad.with_parameters({"choice.asc_ed": -1.0})
    assert e.value.path == "territories[0].zone_count"
    assert e.value.line == tiny_text.splitlines().index("zone_count = 4") + 1
    # A list where a number is expected: how to set its elements.
    with pytest.raises(TypeError, match=r'^travel.speed_kmh: a number is needed \(got list \[1, 2, 3, 4, 5\]\); set the elements of a list one by one, by index: "travel.speed_kmh.0"'):
        s.with_parameters({"travel.speed_kmh": [1, 2, 3, 4, 5]})


def test_with_parameters_keeps_the_summary_of_the_edited_text(tiny_text):
    s = parcours.Scenario.from_toml(tiny_text).with_parameters(years=0.2, seed=5)
    again = parcours.Scenario.from_toml(s.to_toml())
    assert (s.years, s.seed, s.sha256) == (0.2, 5, again.sha256)
    assert s.origin == "<text> with years = 0.2, seed = 5"


def test_dict_round_trip(tiny_text):
    s = parcours.Scenario.from_toml(tiny_text)
    d = s.to_dict()
    assert d["territories"][0] == {"name": "valley", "archetype": "rural", "population": 3000, "area_km2": 300, "zone_count": 4}
    back = parcours.Scenario.from_dict(d)
    assert back.to_dict() == d and back.origin == "<dict>"
    d["territories"][0]["zone_count"] = None
    with pytest.raises(TypeError) as e:
        parcours.Scenario.from_dict(d)
    assert "territories[0].zone_count" in str(e.value)
    d["territories"][0]["zone_count"] = 0
    with pytest.raises(parcours.ScenarioError) as e:
        parcours.Scenario.from_dict(d)
    assert e.value.origin == "<dict>" and e.value.path.startswith("territories[0]")


def test_a_dict_that_contains_itself_is_refused_not_a_crash():
    d = {"name": "x"}
    d["self"] = d
    with pytest.raises(TypeError, match="self: refers to itself"):
        parcours.Scenario.from_dict(d)
    deep = {"name": "x"}
    for _ in range(10_000):
        deep = {"a": deep}
    with pytest.raises(ValueError, match="nested more than"):
        parcours.Scenario.from_dict(deep)


def test_with_parameters_refuses_integers_a_float_cannot_hold(tiny_text):
    with pytest.raises(ValueError, match="seed"):
        parcours.Scenario.from_toml(tiny_text).with_parameters(seed=2**53 + 1)
