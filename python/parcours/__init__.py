"""parcours: simulate territorial primary-care pathways in France, from Python.

The same Rust engine and code path as the ``parcours`` command line (no
second implementation): a run writes the output folder the command line
writes, and the tables are read from its CSV files as pandas DataFrames.

Quick start::

    import parcours
    s = parcours.Scenario.from_file("scenarios/rural-sas-tele-msp.toml")
    r = parcours.run(s, replications=3, years=0.25, seed=1)
    r.summary            # variant, territory, group, indicator, mean, ci_low, ci_high, n
    r.differences        # paired differences variant − base, 95 % intervals
    r.run_info["scenario_sha256"], r.run_info["seed"], r.run_info["parcours_version"]

API: :class:`Scenario`, :func:`run`, :func:`sweep`, :func:`sensitivity`,
:func:`calibrate`, :func:`territory`, :class:`Results`; errors
:class:`ParcoursError`, :class:`ScenarioError`, :class:`RunError`,
:class:`InternalError`; warnings :class:`ParcoursWarning`. Reference: docs/python.md.
"""

from ._parcours import GIT_COMMIT, VERSION
from ._errors import InternalError, ParcoursError, ParcoursWarning, RunError, ScenarioError
from ._scenario import Scenario
from ._results import Results
from ._api import calibrate, run, sensitivity, sweep, territory

__version__ = VERSION

__all__ = [
    "Scenario",
    "Results",
    "run",
    "sweep",
    "sensitivity",
    "calibrate",
    "territory",
    "ParcoursError",
    "ParcoursWarning",
    "ScenarioError",
    "RunError",
    "InternalError",
    "VERSION",
    "GIT_COMMIT",
    "__version__",
]
