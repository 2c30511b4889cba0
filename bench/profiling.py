"""cProfile's table of a request made again and again, for the in-process benchmark scripts."""
from __future__ import annotations

import cProfile
import os
import pstats
from collections.abc import Callable


def print_profile(call: Callable[[], object], repeat: int, lines: int = 40) -> None:
    """Run call() repeat times under cProfile and print its table, sorted by the environment's
    SORT (a pstats order; cumulative by default), the first `lines` rows."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(lines)
