"""Results: an output folder of parcours read as pandas DataFrames.

The simulating functions of the API write a normal output folder (the files
``parcours run --out DIR`` writes) and return a :class:`Results` over it; the
tables are read from its CSV files on first use, so they hold exactly what
the command line writes. :meth:`Results.open` reads a folder the command line
wrote.
"""

from __future__ import annotations

import csv
import json
import os
import pathlib
import shutil
import tempfile
from typing import Any, Dict, List, Optional

import pandas as pd

from . import _parcours
from ._errors import RunError

# Columns read as text, never as numbers or missing values (a territory may be named "NA").
_STRING_COLUMNS = {"variant", "territory", "group", "indicator", "parameter", "phase", "target", "kind", "scenario", "status"}
# Per file, columns whose type differs from the rule above: fit.csv's
# `target` is the target's value (a number) and its `source` a text.
_NUMBERS_IN = {"fit.csv": {"target"}}
_TEXTS_IN = {"fit.csv": {"source"}}
# Texts read as missing in the other columns (Rust writes NaN as "NaN").
_NA = ["", "NaN", "nan", "-NaN", "-nan", "NA", "N/A", "null"]

# The documented columns of each table (docs/python.md), used when a file is empty.
_COLUMNS = {
    "indicators.csv": ["variant", "replication", "territory", "group", "indicator", "value"],
    "summary.csv": ["variant", "territory", "group", "indicator", "mean", "ci_low", "ci_high", "n"],
    "differences.csv": ["variant", "territory", "group", "indicator", "mean_diff", "ci_low", "ci_high", "n", "p_value", "p_holm", "mde", "replications_for_mde_10pct"],
    "series.csv": ["variant", "replication", "week", "needs", "consultations", "mean_delay_days", "ed_visits", "forgone", "gps_active"],
}


def read_csv(path: "os.PathLike[str] | str", with_point: bool = False) -> pd.DataFrame:
    """One CSV file of an output folder as a DataFrame: text columns as
    ``str`` (never NaN), numbers as ``int64``/``float64`` (``NaN`` for NaN).
    An empty file (e.g. ``differences.csv`` without variants) gives an empty
    DataFrame with the documented columns."""
    p = pathlib.Path(path)
    texts = (_STRING_COLUMNS - _NUMBERS_IN.get(p.name, set())) | _TEXTS_IN.get(p.name, set())
    with open(p, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), None)
    if header is None:
        cols = list(_COLUMNS.get(p.name, []))
        if with_point and cols:
            cols = ["point"] + cols
        return pd.DataFrame({c: pd.Series(dtype=str if c in texts else float) for c in cols})
    strings = [c for c in header if c in texts]
    return pd.read_csv(
        p,
        dtype={c: str for c in strings},
        keep_default_na=False,
        na_values={c: _NA for c in header if c not in texts},
    )


class Results:
    """The output folder of ``run``, ``sweep``, ``sensitivity`` or
    ``calibrate``, with its tables as pandas DataFrames.

    Tables (tidy, the columns of the CSV files the command line writes; one
    ``point`` column first for experiments):

    - :attr:`indicators`: ``variant, replication, territory, group, indicator, value``
      — one value per replication;
    - :attr:`summary`: ``variant, territory, group, indicator, mean, ci_low, ci_high, n``
      — mean over replications and Student-t 95 % interval;
    - :attr:`differences`: ``variant, territory, group, indicator, mean_diff, ci_low, ci_high, n, p_value, p_holm, mde, replications_for_mde_10pct``
      — paired differences variant − base (empty without variants);
    - :attr:`series`: ``variant, replication, week, needs, consultations, mean_delay_days, ed_visits, forgone, gps_active``
      — weekly totals over the whole run, warm-up included;
    - :attr:`points`, :attr:`sensitivity`, :attr:`psa`, :attr:`history`, :attr:`fit`:
      the experiment files when present (else None); :meth:`table` reads any CSV.

    Units are the indicators' (days, shares 0–1, per 1,000 inhabitants per
    year, euros; docs/parameters.md and the README's "Outputs"). ``group`` is
    ``all`` or a breakdown such as ``density:rural`` or ``age:75-84``.

    When the call had ``out=None``, the folder is a temporary directory
    removed when this object is garbage-collected (or on :meth:`cleanup`):
    give ``out=`` to keep the files.
    """

    def __init__(self, path: "os.PathLike[str] | str", _tmp: Optional[tempfile.TemporaryDirectory] = None):
        self.path = pathlib.Path(path)
        self._tmp = _tmp
        self._cache: Dict[str, Any] = {}
        if not (self.path / "run.json").is_file():
            raise RunError(f"{self.path}: no run.json (not a complete parcours output folder)")

    @classmethod
    def open(cls, path: "os.PathLike[str] | str") -> "Results":
        """Reads a complete output folder (e.g. written by ``parcours run``).

        Raises:
            RunError: the folder has no ``run.json`` (the run is not complete).
        """
        return cls(path)

    # --- tables ------------------------------------------------------------
    def _with_point(self) -> bool:
        return self.run_info.get("command") != "run"

    def table(self, name: str) -> Optional[pd.DataFrame]:
        """Any CSV file of the folder by name (``"summary"`` or
        ``"summary.csv"``) as a DataFrame, or None if the folder has none.

        Raises:
            ValueError: ``name`` is a path, not a file name of the folder.
            RunError: the folder was removed (:meth:`cleanup`) before the table was read.
        """
        fname = name if name.endswith(".csv") else f"{name}.csv"
        if os.path.basename(fname) != fname or fname.startswith("."):
            raise ValueError(f"table: {name!r} is not a table of the folder (a file name such as \"summary\", no path)")
        if fname not in self._cache and not self.path.is_dir():
            raise RunError(f"{self.path}: the output folder no longer exists (removed by cleanup()?)")
        if fname not in self._cache:
            p = self.path / fname
            self._cache[fname] = read_csv(p, self._with_point()) if p.is_file() else None
        df = self._cache[fname]
        return None if df is None else df.copy()

    @property
    def indicators(self) -> pd.DataFrame:
        """``indicators.csv``: one value per (variant, replication, territory, group, indicator)."""
        return self.table("indicators")  # type: ignore[return-value]

    @property
    def summary(self) -> pd.DataFrame:
        """``summary.csv``: mean and Student-t 95 % interval over replications."""
        return self.table("summary")  # type: ignore[return-value]

    @property
    def differences(self) -> pd.DataFrame:
        """``differences.csv``: paired differences variant − base with 95 % intervals."""
        return self.table("differences")  # type: ignore[return-value]

    @property
    def series(self) -> pd.DataFrame:
        """``series.csv``: weekly totals of every task over the whole run (warm-up included)."""
        return self.table("series")  # type: ignore[return-value]

    @property
    def points(self) -> Optional[pd.DataFrame]:
        """``points.csv`` (experiments): the point index and one column per factor path."""
        return self.table("points")

    @property
    def sensitivity(self) -> Optional[pd.DataFrame]:
        """``sensitivity.csv`` (``sensitivity``): tornado rows (one-at-a-time) or Sobol indices."""
        return self.table("sensitivity")

    @property
    def psa(self) -> Optional[pd.DataFrame]:
        """``psa.csv``: values drawn per replication for ``{ dist = … }`` scenario values."""
        return self.table("psa")

    @property
    def history(self) -> Optional[pd.DataFrame]:
        """``history.csv`` (``calibrate``): every evaluation, its values and distance."""
        return self.table("history")

    @property
    def fit(self) -> Optional[pd.DataFrame]:
        """``fit.csv`` (``calibrate``): each target against the best point's simulation."""
        return self.table("fit")

    @property
    def run_info(self) -> Dict[str, Any]:
        """``run.json`` as a dict: parcours version, git commit, scenario SHA-256,
        seed, replications, threads, timestamps, wall time, needs and events, files."""
        if "run.json" not in self._cache:
            with open(self.path / "run.json", encoding="utf-8") as f:
                self._cache["run.json"] = json.load(f)
        return json.loads(json.dumps(self._cache["run.json"]))

    @property
    def scenario_text(self) -> str:
        """The exact scenario text that was run (``scenario.toml``)."""
        return (self.path / "scenario.toml").read_text(encoding="utf-8")

    @property
    def files(self) -> List[str]:
        """The files the run wrote (``run.json``'s ``files``)."""
        return list(self.run_info.get("files", []))

    # --- report --------------------------------------------------------------
    def report(self, path: "os.PathLike[str] | str | None" = None, lang: str = "fr") -> pathlib.Path:
        """Writes the HTML report (as ``parcours report DIR --lang LANG``).

        The report and its PNG figures are (re)written in the output folder
        (``report.html``, ``figures/``); with ``path``, ``report.html`` (one
        self-contained page) is also copied there (into it if ``path`` is an
        existing folder).

        Args:
            path: where to copy ``report.html``, or None.
            lang: ``"fr"`` (default) or ``"en"``.

        Returns:
            The path of the report written.

        Raises:
            ParcoursError: ``lang`` is not fr or en.
            RunError: the folder cannot be read or written.
        """
        made = pathlib.Path(_parcours.report(str(self.path), lang))
        if path is None:
            return made
        dest = pathlib.Path(path)
        if dest.is_dir():
            dest = dest / "report.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, dest)
        return dest

    def cleanup(self) -> None:
        """Removes the temporary folder now (``out=None`` only; else nothing)."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __repr__(self) -> str:
        try:
            i = self.run_info
            what = (
                f"{i.get('command')} {i.get('name')!r}: {i.get('points')} point(s), "
                f"{len(i.get('variants', [])) + 1} arm(s), {i.get('replications')} replications × "
                f"{i.get('years')} years, seed {i.get('seed')}"
            )
        except OSError:
            what = "(folder removed)"
        return f"<parcours.Results {what} in {self.path}>"
