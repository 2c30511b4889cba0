"""The garbage collector in a long-lived app process: what a warm process holds is frozen.

After its first requests a worker holds some 265,000 objects the cyclic garbage collector
tracks (templates compiled, mappers configured, statements compiled and cached), nearly all
kept for the life of the process. Every full collection walked them all: in the deadline-day mix
on the 100,000-employee province (bench/http_load.py) each worker ran one every five seconds,
150-200 ms each, holding up the request under way and every request queued behind it; those
pauses were most of the mix's p99.

Once a process has served GC_FREEZE_AFTER requests, a full collection runs and what survives
is moved to the collector's permanent generation (gc.freeze): later collections walk only what
was made since. Reference counting still frees a frozen object that is dropped; only a frozen
object kept alive by a reference cycle of its own outlives its use, and those are a one-time
snapshot (the warm process's bounded caches), not a growing amount.
"""
from __future__ import annotations

import gc
import itertools

from flask import Flask


def init_app(app: Flask) -> None:
    after = app.config.get("GC_FREEZE_AFTER", 0)
    if not after:
        return
    served = itertools.count(1)  # next() is atomic under the GIL: threads count once each

    @app.teardown_request
    def freeze_when_warm(_error=None) -> None:
        if next(served) == after:
            gc.collect()
            gc.freeze()
