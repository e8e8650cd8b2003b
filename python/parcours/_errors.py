"""Exceptions of the parcours Python API.

Every error of parcours is a :class:`ParcoursError`. Bad scenario or
experiment input raises :class:`ScenarioError` (also a ``ValueError``), which
carries the origin (file name or ``"<text>"``) and every problem found as
``(line, path, reason)``; :attr:`ScenarioError.path` and
:attr:`ScenarioError.reason` give the first one. Bad input found while
running (an output folder holding another run, an unwritable folder, a run
too large for the memory) raises :class:`RunError`; a bug of parcours
(including a Rust panic, which never crashes the interpreter) raises
:class:`InternalError`. Ctrl-C raises the usual ``KeyboardInterrupt``. What a finished run warns
of is issued as a :class:`ParcoursWarning` (:mod:`warnings`).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

Problem = Tuple[Optional[int], str, str]


class ParcoursError(Exception):
    """Base class of every parcours error."""


class ParcoursWarning(UserWarning):
    """What a finished run warns of, as the command line prints it on stderr:
    the scenario's warnings (a variant that changes nothing, a window in the
    GPs' leave weeks …) and the results' (fewer than 2 replications, hence no
    interval; a premise of the question the base case misses). Issued once per
    warning by :func:`run`, :func:`sweep`, :func:`sensitivity` and
    :func:`calibrate` with :func:`warnings.warn`; the same texts are kept in
    ``Results.run_info["warnings"]`` (``"warnings_fr"`` in French). Silence
    them with ``warnings.simplefilter("ignore", parcours.ParcoursWarning)``.
    """


class ScenarioError(ParcoursError, ValueError):
    """A scenario or experiment that cannot be used.

    Attributes:
        message: the full message, one line per problem, as the command line
            prints it (``origin:line: path: reason``).
        origin: where the text came from (a path, ``"<text>"``, ``"<dict>"``,
            ``"<embedded default>"``, or ``"<arguments>"`` for the
            ``replications``/``seed``/``years``/``threads`` arguments, whose
            message is ``argument: reason``).
        problems: list of ``(line or None, field path, reason)``, e.g.
            ``(12, "territories[0].area_km2", "must be a positive number (got -40)")``.
        path: the first problem's field path.
        reason: the first problem's reason.
        line: the first problem's line (1-based) or None.
    """

    def __init__(self, message: str, origin: str = "", problems: Optional[List[Problem]] = None):
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.problems: List[Problem] = [tuple(p) for p in (problems or [])]  # type: ignore[misc]
        first = self.problems[0] if self.problems else (None, "", message)
        self.line: Optional[int] = first[0]
        self.path: str = first[1]
        self.reason: str = first[2]


class RunError(ParcoursError):
    """Bad input found while running: an output folder holding another run
    (its ``plan.json`` differs), an unwritable folder, a run that would not fit
    in memory (``no_limits=True`` skips that guard), an unknown indicator."""


class InternalError(ParcoursError):
    """A bug of parcours (a broken model invariant, a Rust panic). Please
    report it with the scenario and the call."""
