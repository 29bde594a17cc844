"""
Exceptions raised by govkit.

Every govkit error derives from `GovkitError` and from the matching built-in, so
``except ValueError`` keeps working::

    GovkitError
    ├── ConfigError (ValueError)          input is invalid; lists every located Problem
    ├── RuleError (ValueError)            a rule cannot be applied to this input
    ├── UnknownKindError (LookupError)    no such registered kind
    ├── GraphError (ValueError)           a graph breaks a structural invariant
    │   └── CycleError                    a graph that must not loop has a cycle
    └── MissingExtraError (ImportError)   an optional extra is not installed

A missing quorum, a tie or a rejected motion is never an exception: those are
outcomes. Exceptions mean misuse or invalid input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

__all__ = [
    "ConfigError",
    "CycleError",
    "GovkitError",
    "GraphError",
    "MissingExtraError",
    "PathPart",
    "Problem",
    "RuleError",
    "UnknownKindError",
    "format_path",
]

PathPart = str | int
"""One step of a YAML path: a mapping key or a sequence index."""


def format_path(path: Sequence[PathPart]) -> str:
    """
    Write a YAML path the way govkit's messages show it.

    Examples
    --------
    >>> format_path(("rules", 0, "quorum"))
    '$.rules[0].quorum'
    >>> format_path(())
    '$'
    """
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


@frozen(kw_only=True)
class Problem:
    """
    One thing wrong with an input, and where it is.

    Parameters
    ----------
    message : str
        What is wrong, in words a secretary editing the YAML can act on.
    path : tuple of str or int
        Where in the document: mapping keys and sequence indexes from the root.
    source : str or None
        The file (or ``<string>``, ``<stream>``) the document came from.
    line, column : int or None
        1-based position in the source, when known.
    hint : str or None
        A likely fix ("did you mean 'quorum'?").
    """

    message: str
    path: tuple[PathPart, ...] = ()
    source: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def yaml_path(self) -> str:
        """The path as text, e.g. ``$.rules[0].quorum``."""
        return format_path(self.path)

    def location(self) -> str:
        """``file:line:col`` as far as it is known (``<input>`` for objects built in code)."""
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        located = self.source is not None or self.line is not None
        text = f"{self.location()}: " if located else ""
        text += f"{self.message} @ {self.yaml_path}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class GovkitError(Exception):
    """Base class of every error govkit raises on purpose."""


class ConfigError(GovkitError, ValueError):
    """
    The input is invalid; `problems` lists every problem found, each located.

    Parameters
    ----------
    problems : iterable of Problem
        All problems found, in document order.
    source : str or None
        The file the problems are in, for the headline.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._render())

    @classmethod
    def at(cls, path: Sequence[PathPart], message: str, *, hint: str | None = None) -> ConfigError:
        """
        Make the error a model's validator raises about one of its own fields.

        The path is relative to the object being built; `govkit.config.load`
        re-bases it onto the document and adds the file position.
        """
        return cls([Problem(message=message, path=tuple(path), hint=hint)])

    def _render(self) -> str:
        where = f" in {self.source}" if self.source else ""
        if len(self.problems) == 1 and self.problems[0].source is None:
            problem = self.problems[0]
            text = f"{problem.message} @ {problem.yaml_path}"
            return text + (f" ({problem.hint})" if problem.hint else "")
        lines = [f"{len(self.problems)} problem(s){where}:"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


class RuleError(GovkitError, ValueError):
    """A rule cannot be applied to this input (e.g. ballots for unknown options)."""


class UnknownKindError(GovkitError, LookupError):
    """
    No kind of that name is registered in a family.

    Attributes
    ----------
    family : str
        The family looked in ("document", "decision rule", ...).
    kind : str
        The name that was asked for.
    known : tuple of str
        The names that are registered.
    message : str
        What is wrong, without the suggestion.
    hint : str or None
        "did you mean ...?" when a registered name is close.
    """

    def __init__(self, family: str, kind: str, known: Sequence[str]) -> None:
        self.family = family
        self.kind = kind
        self.known = tuple(known)
        from govkit._suggest import did_you_mean  # noqa: PLC0415 - avoid an import cycle

        self.hint = did_you_mean(kind, self.known)
        self.message = (
            f"unknown {family} kind {kind!r}; known kinds: {', '.join(self.known) or '(none)'}"
        )
        text = f"unknown {family} kind {kind!r}"
        if self.hint:
            text += f" ({self.hint})"
        text += f"; known kinds: {', '.join(self.known) or '(none)'}"
        super().__init__(text)

    def __str__(self) -> str:
        return str(self.args[0])


class GraphError(GovkitError, ValueError):
    """A graph (procedure, hierarchy, escalation) breaks a structural invariant."""


class CycleError(GraphError):
    """
    A graph that must not loop has a cycle.

    Attributes
    ----------
    cycle : tuple of str
        The nodes on the cycle, in order; the last one leads back to the first.
    """

    def __init__(self, cycle: Sequence[str], what: str = "graph") -> None:
        self.cycle = tuple(cycle)
        path = " -> ".join((*self.cycle, self.cycle[0])) if self.cycle else "(empty)"
        super().__init__(f"{what} has a cycle: {path}")


class MissingExtraError(GovkitError, ImportError):
    """
    A feature needs an optional extra that is not installed.

    Attributes
    ----------
    extra : str
        The extra to install: ``pip install 'govkit[<extra>]'``.
    """

    def __init__(self, feature: str, extra: str, module: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs the optional package {module!r}; "
            f"install it with: pip install 'govkit[{extra}]'",
            name=module,
        )
