"""The simulating functions (``run``, ``sweep``, ``sensitivity``,
``calibrate``) and ``territory``.

Each simulating function builds the plan the command line builds and runs it
through the same Rust function (``commands::execute``) into an output folder,
then returns a :class:`~parcours.Results` reading that folder's CSV files: the
outputs are byte-identical to those of the command line for the same inputs
and seed. The interpreter (GIL) is released while simulating; Ctrl-C (a
Jupyter interrupt) lets the tasks under way finish and be saved, then raises
``KeyboardInterrupt``; calling again with the same ``out=`` resumes.
"""

from __future__ import annotations

import math
import numbers
import os
import pathlib
import re
import tempfile
import warnings
from typing import Any, Dict, Optional, Union

import pandas as pd

from . import _parcours
from ._errors import ParcoursError, ParcoursWarning, ScenarioError
from ._results import Results
from ._scenario import Scenario, read_file

PathLike = Union[str, "os.PathLike[str]"]


def _scenario_of(scenario: Union[Scenario, PathLike, None]) -> Scenario:
    if scenario is None:
        return Scenario.default()
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        s = os.fspath(scenario)
        if isinstance(s, str) and "\n" in s:
            raise TypeError("scenario: expected a Scenario or a file path, got TOML text; use parcours.Scenario.from_toml(text)")
        return Scenario.from_file(s, validate=False)
    raise TypeError(f"scenario: expected a Scenario, a file path (str or os.PathLike) or None, got {type(scenario).__name__}")


def _folder(name: str, value: Any) -> str:
    """A folder argument (``out``, ``base_dir``) as a str path.

    Raises:
        TypeError: not a str or os.PathLike (of str), naming the argument.
    """
    path = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    if not isinstance(path, str):
        raise TypeError(f"{name}: expected a folder path (str or os.PathLike), got {type(value).__name__}")
    return path


def _out_dir(out: Optional[PathLike]):
    """The output folder and, for out=None, the TemporaryDirectory keeping it."""
    if out is None:
        tmp = tempfile.TemporaryDirectory(prefix="parcours-")
        return pathlib.Path(tmp.name) / "run", tmp
    # Absolute now: the Results must not depend on a later os.chdir.
    return pathlib.Path(os.path.abspath(_folder("out", out))), None


def _argument_error(name: str, reason: str) -> ScenarioError:
    """A bad value of a Python argument, as the Rust library reports one of
    ``replications``/``years`` it refuses (origin ``<arguments>``): ``name: reason``."""
    return ScenarioError(f"{name}: {reason}", _parcours.ARGUMENTS, [(None, name, reason)])


def _check_args(replications: Any, seed: Any, years: Any, threads: Any, report: Any = None) -> Dict[str, Any]:
    """Checks the options before anything runs, naming the Python argument,
    and returns them as Rust takes them (numpy integers and floats become
    int and float). The limits are the command line's, read from the Rust
    library (``MAX_REPLICATIONS``, ``MAX_YEARS`` and their wording), so the
    two never disagree; what only a scenario can tell (``years`` below one
    day) is checked by Rust, reported under the same names.

    Raises:
        TypeError: an argument of the wrong type (``bool`` is not a number here).
        ScenarioError: (a ``ValueError``) a value out of range:
            ``replications: must be a whole number from 1 to 100000 (got -1)``.
        ParcoursError: ``report`` is not "fr", "en" or None.
    """
    def integer(name: str, v: Any, lo: int, hi: int, reason: str) -> int:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name}: a whole number is needed (got {type(v).__name__} {v!r})")
        if not lo <= int(v) <= hi:
            raise _argument_error(name, f"{reason} (got {v})")
        return int(v)
    out: Dict[str, Any] = {}
    if replications is not None:
        replications = integer("replications", replications, 1, _parcours.MAX_REPLICATIONS, _parcours.REPLICATIONS_REASON)
    if seed is not None:
        seed = integer("seed", seed, 0, 2**64 - 1, f"must be a whole number from 0 to {2**64 - 1}")
    threads = integer("threads", threads, 0, 1024, "must be a whole number from 0 (one per core) to 1024")
    if years is not None:
        if isinstance(years, bool) or not isinstance(years, numbers.Real):
            raise TypeError(f"years: a number is needed (got {type(years).__name__} {years!r})")
        years = float(years)
        if not (math.isfinite(years) and 0 < years <= _parcours.MAX_YEARS):
            raise _argument_error("years", f"{_parcours.YEARS_REASON} (got {years:.15g})")
    if report is not None and report not in ("fr", "en"):
        raise ParcoursError(f'report: must be "fr", "en" or None (got {report!r})')
    out.update(replications=replications, seed=seed, years=years, threads=threads)
    return out


def run(
    scenario: Union[Scenario, PathLike, None] = None,
    *,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[float] = None,
    threads: int = 0,
    out: Optional[PathLike] = None,
    report: Optional[str] = None,
    independent_seeds: bool = False,
    no_limits: bool = False,
    check: bool = False,
) -> Results:
    """Runs a scenario, its base and every variant: ``parcours run``.

    This executes exactly the command line's code path (the same plan, the
    same Rust ``commands::execute``) and writes a normal output folder
    (``indicators.csv``, ``summary.csv``, ``differences.csv``, ``series.csv``,
    ``scenario.toml``, ``plan.json``, ``tasks/``, ``run.json`` …); the returned
    DataFrames are read from those CSV files, so they are byte-identical to
    ``parcours run FILE --replications R --seed S --years Y --out DIR``.

    Args:
        scenario: a :class:`Scenario`, a scenario file path, or None for the
            embedded default (:meth:`Scenario.default`).
        replications: replications per arm (1–100,000; default: the scenario's).
        seed: base seed (default: the scenario's).
        years: simulated years after the warm-up, in (0, 50] (default: the scenario's).
        threads: worker threads, 0 = one per core. Results do not depend on it.
        out: output folder. None: a temporary folder, removed when the
            Results is garbage-collected. An existing folder of the same
            run resumes it (finished tasks are kept); one of another run is
            refused (RunError).
        report: ``"fr"`` or ``"en"`` to also write ``report.html`` and
            ``figures/`` (as the command line does by default); None: no report
            (``--no-report``; :meth:`Results.report` writes one later).
        independent_seeds: give each variant its own random streams instead
            of common random numbers (``--independent-seeds``).
        no_limits: skip the memory and run-length guards (``--no-limits``).
        check: simulate every task twice and require identical results (``--check``).

    Returns:
        :class:`Results` over the output folder.

    Raises:
        ScenarioError: invalid scenario or argument (field path and reason).
        RunError: the output folder holds another run or cannot be written;
            the run would not fit in memory.
        InternalError: a bug of parcours (never a crash of the interpreter).
        KeyboardInterrupt: Ctrl-C; finished tasks are saved in ``out``.
    """
    args = _check_args(replications, seed, years, threads, report)
    s = _scenario_of(scenario)
    path, tmp = _out_dir(out)
    _parcours.run(
        s.to_toml(),
        s.origin,
        str(path),
        **args,
        report=report,
        independent_seeds=independent_seeds,
        no_limits=no_limits,
        check=check,
    )
    return _finished(path, tmp)


def _finished(path: pathlib.Path, tmp: Any) -> Results:
    """The Results of a finished run, its warnings (``run.json``, as the
    command line prints them) issued as :class:`ParcoursWarning`."""
    r = Results(path, tmp)
    for w in r.run_info.get("warnings", []):
        warnings.warn(_python_words(w), ParcoursWarning, stacklevel=3)
    return r


# The command line's flags in run.json's warnings, as a Python caller writes them.
_FLAGS = (("use --replications 2 or more", "use replications=2 or more"),)


def _python_words(warning: str) -> str:
    """A warning of ``run.json`` with the command line's flags said as
    this module's arguments (``--replications 2`` is ``replications=2``)."""
    for flag, argument in _FLAGS:
        warning = warning.replace(flag, argument)
    return warning


def _experiment(command: str, experiment: PathLike, base_dir: Optional[PathLike], **kw: Any) -> Results:
    kw.update(_check_args(kw.get("replications"), kw.get("seed"), kw.get("years"), kw.get("threads", 0), kw.get("report")))
    is_file = isinstance(experiment, str) and "\n" not in experiment and (os.path.isfile(experiment) or "=" not in experiment)
    if isinstance(experiment, os.PathLike) or is_file:
        p = os.fspath(experiment)
        text = read_file(p)
        directory = os.path.dirname(p)
        origin = p
    elif isinstance(experiment, str):
        text = experiment
        directory = _folder("base_dir", base_dir) if base_dir is not None else os.getcwd()
        # A path inside base_dir: `calibrate` reads its targets file relative to it.
        origin = os.path.join(directory, "<experiment text>")
    else:
        raise TypeError(f"experiment: expected an experiment file path (str or os.PathLike) or TOML text, got {type(experiment).__name__}")
    out = kw.pop("out")
    path, tmp = _out_dir(out)
    _parcours.experiment(command, text, origin, directory, str(path), **kw)
    return _finished(path, tmp)


_EXPERIMENT_DOC = """

    Args:
        experiment: an experiment file path (docs/experiments.md), or its TOML
            text (a string with a newline, or with a ``=`` and naming no file). The scenario it names
            is read relative to the file's folder, or to ``base_dir`` (default:
            the current folder) for text.
        replications, seed, years, threads, out, report, no_limits, check:
            as :func:`run` (they override the experiment and scenario files).
        base_dir: folder the scenario path of experiment *text* is relative to.

    Returns:
        :class:`Results`; its tables have a ``point`` column first, and
        :attr:`Results.points` gives each point's values.

    Raises:
        ScenarioError: invalid experiment or scenario (file, field path, reason).
        RunError, InternalError, KeyboardInterrupt: as :func:`run`.
"""


def sweep(
    experiment: PathLike,
    *,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[float] = None,
    threads: int = 0,
    out: Optional[PathLike] = None,
    report: Optional[str] = None,
    base_dir: Optional[PathLike] = None,
    no_limits: bool = False,
    check: bool = False,
) -> Results:
    return _experiment(
        "sweep", experiment, base_dir, replications=replications, seed=seed, years=years,
        threads=threads, out=out, report=report, no_limits=no_limits, check=check,
    )


sweep.__doc__ = "Runs an experiment's design (grid, explicit points or Latin hypercube): ``parcours sweep``." + _EXPERIMENT_DOC


def sensitivity(
    experiment: PathLike,
    *,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[float] = None,
    threads: int = 0,
    out: Optional[PathLike] = None,
    report: Optional[str] = None,
    base_dir: Optional[PathLike] = None,
    no_limits: bool = False,
    check: bool = False,
) -> Results:
    return _experiment(
        "sensitivity", experiment, base_dir, replications=replications, seed=seed, years=years,
        threads=threads, out=out, report=report, no_limits=no_limits, check=check,
    )


sensitivity.__doc__ = (
    "One-at-a-time (tornado) or Sobol sensitivity analysis: ``parcours sensitivity``; "
    "the indices are in :attr:`Results.sensitivity` (``sensitivity.csv``)." + _EXPERIMENT_DOC
)


def calibrate(
    experiment: PathLike,
    *,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[float] = None,
    threads: int = 0,
    out: Optional[PathLike] = None,
    report: Optional[str] = None,
    base_dir: Optional[PathLike] = None,
    check: bool = False,
) -> Results:
    return _experiment(
        "calibrate", experiment, base_dir, replications=replications, seed=seed, years=years,
        threads=threads, out=out, report=report, no_limits=False, check=check,
    )


calibrate.__doc__ = (
    "Searches parameter values reproducing targets: ``parcours calibrate``; see "
    ":attr:`Results.fit` and :attr:`Results.history`, and ``best.toml`` / "
    "``calibrated-scenario.toml`` in the folder." + _EXPERIMENT_DOC
)


_DEPARTEMENT_CODE = re.compile(r"\s*(\d{1,3}|\d[A-Za-z])\s*")


def _territory_spec(spec: Any) -> str:
    """The spec ``territory show`` takes: a str as given, except a bare
    département code (``"48"``, ``"2A"``, ``"971"``), which is
    ``departement=CODE``; an int is a département number, zero-padded to two
    digits as INSEE writes it (``1`` → ``"departement=01"``, ``971`` →
    ``"departement=971"``). Corsica's ``2A``/``2B`` can only be text.

    Raises:
        TypeError: neither text nor a whole number, naming the argument.
    """
    if isinstance(spec, str):
        return f"departement={spec.strip()}" if _DEPARTEMENT_CODE.fullmatch(spec) else spec
    if isinstance(spec, numbers.Integral) and not isinstance(spec, bool):
        return f"departement={int(spec):02d}"
    raise TypeError(
        f'spec: expected text like "departement=48" or "epci=SIREN", or a département number like 48, '
        f"got {type(spec).__name__}"
    )


def territory(spec: Union[str, int]) -> Dict[str, Any]:
    """Summarises a real French territory built from the embedded open data:
    ``parcours territory show SPEC`` as data.

    Args:
        spec: ``"departement=05"``, ``"epci=SIREN"``, ``"communes=CODE,CODE"``,
            ``"around=CODE:KM"`` or ``"france"``; a département code alone
            (``"48"``, ``"2A"``, ``"971"``) or number (``48``, ``5`` for
            ``"05"``) is ``departement=CODE``.

    Returns:
        A dict: ``text`` (what the command prints), ``communes``, ``unplaced``
        (communes without coordinates, left out), ``inhabitants``, ``gps``,
        ``nurses``, ``pharmacies``, ``mean_travel_gp_min`` and
        ``mean_travel_ed_min`` (population-weighted minutes to the nearest GP
        and ED), and three DataFrames: ``zones`` (one row per commune:
        ``insee, name, departement, epci, inhabitants, density, x_km, y_km,
        gps, nurses, pharmacies, apl_model, apl_drees``; APL in consultations
        accessible per inhabitant per year), ``apl`` (``group, communes,
        population, model, drees``: population-weighted means by density
        class and ``all``) and ``emergency_departments`` (``name, x_km, y_km``).

    Raises:
        TypeError: ``spec`` is neither text nor a whole number.
        ParcoursError: the spec is malformed or selects nothing (a
            département code that does not exist: the codes there are).
    """
    d = _parcours.territory(_territory_spec(spec))
    d["zones"] = pd.DataFrame(
        d["zones"],
        columns=["insee", "name", "departement", "epci", "inhabitants", "density", "x_km", "y_km",
                 "gps", "nurses", "pharmacies", "apl_model", "apl_drees"],
    )
    d["apl"] = pd.DataFrame(d["apl"], columns=["group", "communes", "population", "model", "drees"])
    d["emergency_departments"] = pd.DataFrame(d["emergency_departments"], columns=["name", "x_km", "y_km"])
    return d
