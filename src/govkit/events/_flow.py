"""The shape check every state graph of a run shares: reachable from the start, able to end."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

__all__ = ["stuck_and_unreachable"]


def stuck_and_unreachable(
    graph: nx.DiGraph[str] | nx.MultiDiGraph[str], start: str, terminals: Iterable[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """
    Return the states no run can reach from *start*, and those from which no run can end.

    Procedures and case lifecycles both refuse either kind: a state nobody can
    reach is a mistake, and a state that cannot reach a terminal would hold an
    item or a case forever.

    Examples
    --------
    >>> edges = [("open", "closed"), ("open", "loop"), ("loop", "loop"), ("lost", "closed")]
    >>> graph = nx.DiGraph(edges)
    >>> unreachable, stuck = stuck_and_unreachable(graph, "open", ["closed"])
    >>> sorted(unreachable), sorted(stuck)
    (['lost'], ['loop'])
    """
    reachable = nx.descendants(graph, start) | {start}
    can_end: set[str] = set()
    for terminal in terminals:
        can_end |= nx.ancestors(graph, terminal) | {terminal}
    nodes = set(graph.nodes)
    return frozenset(nodes - reachable), frozenset(nodes - can_end)
