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
