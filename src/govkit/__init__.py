r"""
govkit: governance-process primitives, configured in YAML.

Consultation agendas and procedures, quorum and voting rules, grid hierarchies
and escalation graphs: declared in YAML, validated strictly, applied
deterministically, with every outcome explained.

>>> import govkit
>>> rule = govkit.load("govkit: 1\nkind: roll\nmembers: [ann, bo, cy]\n")
>>> len(rule.members)
3
"""

# Importing the domain packages registers their document kinds with the door.
from govkit import cases, consultation, grid, scenarios, sim, voting
from govkit._version import __version__
from govkit.config import Bundle, Limits, dump, load, load_all
from govkit.errors import ConfigError, GovkitError

__all__ = [
    "Bundle",
    "ConfigError",
    "GovkitError",
    "Limits",
    "__version__",
    "cases",
    "consultation",
    "dump",
    "errors",
    "grid",
    "load",
    "load_all",
    "scenarios",
    "sim",
    "voting",
]
