"""
Timing helpers shared by the benchmark scripts (not part of govkit).

Every benchmark times its contenders the same way: in one process, on the same
input, interleaved (a, b, a, b, ...) so that drift in the machine's speed hits
both alike, and reports the best of N runs measured with `time.perf_counter`.
The garbage collector is collected before each run and, unless asked otherwise,
disabled while it runs (as `timeit` does); results are freed outside the timed
region.
"""

from __future__ import annotations

import gc
import importlib.metadata
import os
import platform
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Timing", "environment", "measure", "time_once"]


@dataclass(frozen=True)
class Timing:
    """Every run of one contender, in seconds."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        """Return the fastest run (the least disturbed by the rest of the machine)."""
        return min(self.runs)

    @property
    def median(self) -> float:
        """Return the middle run."""
        ordered = sorted(self.runs)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2


def time_once(action: Callable[[], object], *, keep_gc: bool = False) -> float:
    """Return the wall time of one call of *action*, gc collected first and off during it."""
    gc.collect()
    was_enabled = gc.isenabled()
    if not keep_gc:
        gc.disable()
    try:
        start = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - start
    finally:
        if was_enabled:
            gc.enable()
    del result  # freed here, outside the timed region
    return elapsed


def measure(
    contenders: Mapping[str, Callable[[], object]], *, repeat: int, keep_gc: bool = False
) -> dict[str, Timing]:
    """Time each contender *repeat* times, interleaved, after one untimed warm-up call each."""
    for action in contenders.values():
        action()  # warm-up: imports, cattrs' generated hooks, caches
    runs: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, action in contenders.items():
            runs[name].append(time_once(action, keep_gc=keep_gc))
    return {name: Timing(tuple(times)) for name, times in runs.items()}


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment(*distributions: str) -> dict[str, str | int | bool]:
    """Describe the machine and the versions a result depends on."""
    import yaml

    info: dict[str, str | int | bool] = {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(terse=True),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count() or 0,
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
    }
    for distribution in distributions:
        info[distribution] = _version(distribution)
    return info
