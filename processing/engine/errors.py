"""Typed engine errors.

An engine error carries a stable ``code`` and the culprit (layer, field, feature id) as plain
parameters. The engine never translates: the algorithm layer looks the code up in its
translated message table and formats it with ``params``; ``str(error)`` is an English fallback
for logs, notebooks and batch scripts.
"""

from typing import Callable, Optional

ProgressCallback = Callable[[float], None]
CancelCallback = Callable[[], bool]


def no_progress(_fraction: float) -> None:
    """Default progress callback: ignore."""


def never_cancelled() -> bool:
    """Default cancel callback: never cancelled."""
    return False


class EngineError(Exception):
    """Base of all engine errors. ``code`` is stable; ``params`` name the culprit."""

    code = "engine_error"
    template = "Analysis failed: {detail}"

    def __init__(self, code: Optional[str] = None, template: Optional[str] = None, **params):
        if code:
            self.code = code
        if template:
            self.template = template
        self.params = params
        super().__init__(self.english())

    def english(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return f"{self.code}: {self.params}"


class InputError(EngineError):
    """The input data cannot be analysed as given (missing field, empty layer, bad values)."""

    code = "input_error"
    template = "Invalid input: {detail}"


class GeometryError(EngineError):
    """A geometry cannot be used (invalid, empty, wrong type)."""

    code = "geometry_error"
    template = "Invalid geometry in {layer}, feature {feature}: {detail}"


class CrsError(EngineError):
    """Coordinates or CRS are unusable or implausible."""

    code = "crs_error"
    template = "Coordinate reference system problem in {layer}: {detail}"


class ConfigError(EngineError):
    """A rule set, schema, standards profile or indicator file is invalid."""

    code = "config_error"
    template = "Invalid configuration file {file}: {detail}"


class Cancelled(EngineError):
    """The user cancelled the run."""

    code = "cancelled"
    template = "Cancelled by the user."


def check_cancel(cancelled: CancelCallback) -> None:
    """Raise :class:`Cancelled` when ``cancelled()`` says so."""
    if cancelled():
        raise Cancelled()
