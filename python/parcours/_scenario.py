"""Scenarios: the TOML text parcours runs, built from a file, text or a dict.

A :class:`Scenario` is an immutable scenario text plus where it came from. It
is validated by the Rust library (the same checks as ``parcours scenario
check``) when it is made, unless ``validate=False``; a run validates it again.
"""

from __future__ import annotations

import numbers
import os
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _parcours

PathLike = Union[str, "os.PathLike[str]"]

# Top-level fields of a scenario file that hold numbers (or tables of them).
# A `with_parameters` key starting with one of them is a scenario path as is;
# any other key is a path under [parameters] ("gp.unscheduled_share").
_TOP_LEVEL = {
    "seed",
    "replications",
    "years",
    "warmup_days",
    "start_day_of_year",
    "public_holidays",
    "parameters",
    "policies",
    "territories",
    "variants",
}


class Scenario:
    """A parcours scenario: its TOML text and its origin.

    Make one with :meth:`from_file`, :meth:`from_toml`, :meth:`from_dict` or
    :meth:`default`; derive others with :meth:`with_parameters`. The text is
    kept exactly (comments included): it is what a run hashes (``sha256``,
    written into ``run.json``) and what ``scenario.toml`` of the output
    folder holds.

    Raises:
        ScenarioError: on construction (unless ``validate=False``) or
            :meth:`validate`, naming the origin, line, field path and reason of
            every problem.
    """

    __slots__ = ("_text", "_origin", "_info")

    def __init__(self, text: str, origin: str = "<text>", *, validate: bool = True):
        if not isinstance(text, str):
            raise TypeError(f"Scenario text must be a str (got {type(text).__name__})")
        self._text = text
        self._origin = str(origin)
        self._info: Optional[Dict[str, Any]] = None
        if validate:
            self.validate()

    # --- construction -------------------------------------------------
    @classmethod
    def from_file(cls, path: PathLike, *, validate: bool = True) -> "Scenario":
        """Reads a scenario file (TOML, UTF-8).

        Raises:
            ScenarioError: the file cannot be read, or is not a valid scenario.
        """
        p = os.fspath(path)
        return cls(read_file(p), p, validate=validate)

    @classmethod
    def from_toml(cls, text: str, *, origin: str = "<text>", validate: bool = True) -> "Scenario":
        """A scenario from TOML text; ``origin`` names it in error messages."""
        return cls(text, origin, validate=validate)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, validate: bool = True) -> "Scenario":
        """A scenario from a dict shaped like the TOML file (e.g. the result
        of :meth:`to_dict`, or of ``tomllib.load``): keys are field names,
        ``territories``/``policies``/``variants`` are lists of dicts.

        Raises:
            TypeError: a value TOML cannot hold (None, an object), naming its path.
            ScenarioError: the scenario is not valid (origin ``"<dict>"``).
        """
        if not isinstance(d, Mapping):
            raise TypeError(f"from_dict takes a dict (got {type(d).__name__})")
        _check_tree(d, "", 0, set())
        return cls(_parcours.dumps_toml(dict(d)), "<dict>", validate=validate)

    @classmethod
    def default(cls) -> "Scenario":
        """The embedded default scenario (what ``parcours run`` runs without a
        file): a dense urban territory of 100,000 inhabitants and a rural one
        of 40,000, one year after 182 days of warm-up, 10 replications."""
        return cls(_parcours.embedded_default(), "<embedded default>")

    # --- views ----------------------------------------------------------
    def to_toml(self) -> str:
        """The scenario's TOML text, exactly as it will be run."""
        return self._text

    def to_dict(self) -> Dict[str, Any]:
        """The scenario as a dict (the TOML parsed; comments are lost)."""
        return _parcours.loads_toml(self._text, self._origin)

    def validate(self) -> "Scenario":
        """Checks the scenario like ``parcours scenario check`` and returns it.

        Raises:
            ScenarioError: every problem found, with its line, field path and reason.
        """
        self._info = _parcours.check_scenario(self._text, self._origin)
        return self

    def with_parameters(self, values: Optional[Mapping[str, Union[int, float]]] = None, **more: Union[int, float]) -> "Scenario":
        """A new scenario with numbers changed by path; comments are kept.

        Args:
            values: ``{path: number}``. A path is dotted, as in experiment
                files (docs/experiments.md): ``"gp.unscheduled_share"`` (a
                parameter: paths not starting with a top-level field are
                under ``[parameters]``), ``"parameters.choice.asc_ed"``,
                ``"policies.sas.participation"``, ``"territories.rural.population"``,
                ``"variants.msp.add_policies.msp.participation"``, ``"years"``.
                An ``int`` value is written as an integer (integers stay
                integers in any case).
            **more: more ``path=value`` pairs, for paths that are identifiers.

        Returns:
            A validated Scenario; its origin says what was changed.

        Raises:
            TypeError: a value is not a number.
            ScenarioError: a path names nothing in the scenario (arrays must
                have the element), or the new values are out of range; each
                problem names the scenario path once, and the origin the
                keys as given (``"<text> with travel.speed_kmh.7 = 1"``);
                a problem at a value set has no line.
        """
        items = []
        keys: List[str] = []
        merged = dict(values or {})
        merged.update(more)
        for key, value in merged.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                hint = ""
                if isinstance(value, (list, tuple)):
                    hint = f'; set the elements of a list one by one, by index: "{key}.0", "{key}.1" …'
                raise TypeError(f"{key}: a number is needed (got {type(value).__name__} {value!r}){hint}")
            key = str(key)
            path = key if key.split(".", 1)[0] in _TOP_LEVEL else f"parameters.{key}"
            integer = isinstance(value, numbers.Integral)
            if integer and abs(int(value)) > 2**53:
                raise ValueError(f"{key}: {value} cannot be set exactly through with_parameters (at most 2**53); "
                                 "give a seed to run(seed=…) or write it in the TOML text")
            items.append((path, float(value), integer))
            keys.append(key)
        # The origin names the values as the caller wrote them; an error at a
        # value set has no line (the edited text is not one the caller wrote).
        label = ", ".join(f"{k} = {v:g}" for k, (_, v, _) in zip(keys, items))
        origin = f"{self._origin} with {label}" if items else self._origin
        text, info = _parcours.set_numbers(self._text, origin, items)
        edited = Scenario(text, origin, validate=False)
        edited._info = info
        return edited

    # --- properties (validated scenarios) --------------------------------
    def _summary(self) -> Dict[str, Any]:
        if self._info is None:
            self.validate()
        assert self._info is not None
        return self._info

    @property
    def origin(self) -> str:
        """Where the text came from (a path, ``"<text>"``, ``"<dict>"``, …)."""
        return self._origin

    @property
    def name(self) -> str:
        return self._summary()["name"]

    @property
    def description(self) -> str:
        return self._summary()["description"]

    @property
    def sha256(self) -> str:
        """SHA-256 of the text (hex): ``scenario_sha256`` of ``run.json``."""
        return self._summary()["sha256"]

    @property
    def seed(self) -> int:
        return self._summary()["seed"]

    @property
    def replications(self) -> int:
        return self._summary()["replications"]

    @property
    def years(self) -> float:
        """Simulated years after the warm-up."""
        return self._summary()["years"]

    @property
    def warmup_days(self) -> int:
        return self._summary()["warmup_days"]

    @property
    def inhabitants(self) -> int:
        """Inhabitants of every territory together."""
        return self._summary()["inhabitants"]

    @property
    def variants(self) -> List[str]:
        """Names of the variants compared with the base."""
        return list(self._summary()["variants"])

    @property
    def territories(self) -> List[Dict[str, Any]]:
        """One dict per territory: name, zones, inhabitants, gps, emergency_departments."""
        return [dict(t) for t in self._summary()["territories"]]

    def __repr__(self) -> str:
        if self._info is None:
            return f"<parcours.Scenario from {self._origin} (not validated)>"
        i = self._info
        terr = ", ".join(f"{t['name']} ({t['inhabitants']:,} inh.)" for t in i["territories"])
        return (
            f"<parcours.Scenario {i['name']!r} from {self._origin}: {terr}; "
            f"{i['replications']} replications × {i['years']} years, seed {i['seed']}, "
            f"variants {i['variants']}>"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and other._text == self._text

    def __hash__(self) -> int:
        return hash(self._text)


_MAX_DEPTH = 64


def _check_tree(node: Any, path: str, depth: int, seen: set) -> None:
    """Refuses what TOML cannot hold before it reaches Rust: a dict or list
    that contains itself, or nesting deeper than 64 levels (a scenario file
    has at most a handful).

    Raises:
        TypeError: a dict or list refers to itself, naming where.
        ValueError: nesting deeper than 64 levels.
    """
    if depth > _MAX_DEPTH:
        raise ValueError(f"{path or '(document)'}: nested more than {_MAX_DEPTH} levels deep")
    if isinstance(node, (Mapping, list, tuple)):
        if id(node) in seen:
            raise TypeError(f"{path or '(document)'}: refers to itself")
        seen.add(id(node))
        items = node.items() if isinstance(node, Mapping) else enumerate(node)
        for k, v in items:
            _check_tree(v, f"{path}.{k}" if path and isinstance(k, str) else (f"{path}[{k}]" if path else str(k)), depth + 1, seen)
        seen.discard(id(node))


def read_file(path: str) -> str:
    """The text of a scenario or experiment file (UTF-8).

    Raises:
        ScenarioError: the file cannot be read, naming it.
    """
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        from ._errors import ScenarioError

        raise ScenarioError(f"{path}: cannot read the file: {e}", path, [(None, "(file)", str(e))]) from None
