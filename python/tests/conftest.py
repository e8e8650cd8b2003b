"""Shared fixtures of the parcours Python tests: tiny scenarios (a few
thousand inhabitants, a tenth of a year) so the suite stays quick, and the
command-line binary for the byte-identity checks."""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

TINY = """\
# A tiny rural territory with one variant (tests only).
name = "tiny"
description = "Tiny rural territory for the Python tests."
seed = 3
replications = 2
years = 0.1
warmup_days = 14

[[territories]]
name = "valley"
archetype = "rural"
population = 3000
area_km2 = 300
zone_count = 4

[parameters.gp]
unscheduled_share = 0.2

[[variants]]
name = "sas"
add_policies = [{ type = "sas", participation = 0.5 }]
"""

SWEEP = """\
name = "tiny-sweep"
scenario = "tiny.toml"
replications = 2
years = 0.05

[[parameters]]
path = "parameters.gp.unscheduled_share"
values = [0.15, 0.3]

[design]
kind = "grid"
"""

OAT = """\
name = "tiny-oat"
scenario = "tiny.toml"
replications = 2
years = 0.05

[[parameters]]
path = "parameters.gp.unscheduled_share"
low = 0.1
high = 0.3

[sensitivity]
method = "oat"
"""


@pytest.fixture
def tiny_text():
    return TINY


@pytest.fixture
def tiny_file(tmp_path):
    p = tmp_path / "tiny.toml"
    p.write_text(TINY, encoding="utf-8")
    return p


@pytest.fixture
def experiment_files(tiny_file):
    """(sweep file, sensitivity file) next to tiny.toml."""
    sweep = tiny_file.parent / "sweep.toml"
    sweep.write_text(SWEEP, encoding="utf-8")
    oat = tiny_file.parent / "oat.toml"
    oat.write_text(OAT, encoding="utf-8")
    return sweep, oat


@pytest.fixture
def cli():
    """The `parcours` binary: $PARCOURS_BIN, else target/release/parcours of
    this repository. Skipped when absent, unless PARCOURS_REQUIRE_CLI=1 (CI)."""
    candidates = [os.environ.get("PARCOURS_BIN"), str(ROOT / "target" / "release" / "parcours"), shutil.which("parcours")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    if os.environ.get("PARCOURS_REQUIRE_CLI") == "1":
        pytest.fail("the parcours binary is required (PARCOURS_REQUIRE_CLI=1): build it with cargo build --release")
    pytest.skip("no parcours binary (cargo build --release, or set PARCOURS_BIN)")
