"""Run one analysis per file in a forked child with a time limit, a few at a time.

A file that hangs or crashes the reader must not stall a report: its child is killed after
``timeout`` seconds and the file is reported as not read. Children are forked after Django and
the readers are imported, so starting one costs milliseconds.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT = float(os.environ.get("REFEREE_BENCH_TIMEOUT", "60"))
DEFAULT_WORKERS = int(os.environ.get("REFEREE_BENCH_WORKERS", "2"))


@dataclass
class Outcome:
    """What one task gave: a value, or why there is none ("timeout after 60 s", an error)."""

    value: Any = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _child(connection, function: Callable[..., Any], args: tuple) -> None:
    try:
        connection.send((True, function(*args)))
    except BaseException as exc:
        connection.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def _died(process) -> Outcome:
    process.join(5)
    return Outcome(None, f"the reader died (exit code {process.exitcode})")


def run_limited(
    function: Callable[..., Any],
    tasks: Iterable[tuple],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
) -> list[Outcome]:
    """``function(*task)`` for every task, in order, each in its own child within ``timeout``."""
    context = multiprocessing.get_context("fork")
    pending = list(enumerate(tasks))
    results: dict[int, Outcome] = {}
    running: dict[int, tuple[Any, Any, float]] = {}
    while pending or running:
        while pending and len(running) < max(1, workers):
            index, args = pending.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(sender, function, args), daemon=True)
            process.start()
            sender.close()
            running[index] = (process, receiver, time.monotonic())
        for index, (process, receiver, started) in list(running.items()):
            elapsed = time.monotonic() - started
            outcome = None
            if receiver.poll(0.02):
                try:
                    ok, value = receiver.recv()
                    outcome = Outcome(value if ok else None, None if ok else value, elapsed)
                except EOFError:
                    outcome = _died(process)
            elif not process.is_alive() and not receiver.poll():
                outcome = _died(process)
            elif elapsed > timeout:
                process.kill()
                outcome = Outcome(None, f"not finished after {timeout:.0f} s", elapsed)
            if outcome is not None:
                outcome.seconds = elapsed
                process.join(5)
                receiver.close()
                results[index] = outcome
                del running[index]
    return [results[i] for i in range(len(results))]
