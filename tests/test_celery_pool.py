"""The embedded pool's task pipe: a reader killed while waiting gives its lock back.

These drive the queue directly with real processes; tests/test_worker_recovery.py does the same
through a real Celery worker.
"""

from __future__ import annotations

import os
import signal

import billiard
import pytest

from config.celery_pool import RecoverableQueue

pytestmark = pytest.mark.timeout(60)


def wait_for_message(queue: RecoverableQueue) -> None:
    queue.get()


def start_reader(ctx, queue: RecoverableQueue):
    reader = ctx.Process(target=wait_for_message, args=(queue,), daemon=True)
    reader.start()
    while queue._reading.value != reader.pid:  # inside the read lock, waiting on the pipe
        os.sched_yield()
    return reader


@pytest.fixture
def ctx():
    return billiard.get_context("fork")


def test_the_lock_of_a_reader_killed_while_waiting_is_released_for_the_next(ctx):
    queue = RecoverableQueue(ctx=ctx)
    reader = start_reader(ctx, queue)
    os.kill(reader.pid, signal.SIGKILL)
    reader.join()

    assert queue.release_locks_of({reader.pid}) == ["read"]
    queue._writer.send_bytes(b"next task")
    assert queue.get_payload() == b"next task"  # would wait forever on the dead reader's lock


def test_only_a_dead_readers_lock_is_released_and_only_once(ctx):
    queue = RecoverableQueue(ctx=ctx)
    reader = start_reader(ctx, queue)
    try:
        assert queue.release_locks_of({reader.pid + 1, os.getpid()}) == []
        assert not queue._rlock.acquire(timeout=0.1)  # still the living reader's
    finally:
        os.kill(reader.pid, signal.SIGKILL)
        reader.join()
    assert queue.release_locks_of({reader.pid}) == ["read"]
    assert queue.release_locks_of({reader.pid}) == []
