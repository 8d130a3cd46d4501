"""The worker pool of the embedded mode: prefork that survives a pool process killed while idle.

On a broker without an event loop (kombu's filesystem transport, the embedded default) Celery
runs billiard's blocking pool: every pool process reads its next task from one shared pipe,
and holds that pipe's lock (a process-shared semaphore) while it waits. A semaphore has no
owner, so a process killed while waiting (``kill -9``, the kernel's out-of-memory killer)
leaves the lock taken for good: the other processes and every replacement wait for it forever,
and so does the worker's own shutdown (celery/billiard#104, #457). The same holds for the
lock around the pipe the processes write their results to.

Here each lock records the pid of the process holding it, in shared memory, while it is held
(signals are held back while a lock changes hands, so a SIGTERM handler cannot leave a lock
taken with no holder recorded: a SIGTERM to the whole process group, as systemd sends, froze
the stock pool's shutdown one time in three). When the pool reaps a dead process it releases
any lock that process still held, before the replacement starts, and so does its shutdown. A
process killed in the middle of reading a task loses that one message (its document is found
by the stuck-document sweep); one killed while waiting loses nothing.

Redis (production) uses Celery's event-loop pool, where every process has pipes of its own and
there is no shared lock; ``CELERY_WORKER_POOL`` selects this pool only for the filesystem
broker, so production is unchanged.
"""

from __future__ import annotations

import logging
import os
import signal
import time

from billiard.pool import Pool as BlockingPool
from billiard.queues import SimpleQueue
from celery.concurrency import prefork

logger = logging.getLogger(__name__)


# Signals whose handlers raise in a pool process (billiard's SIGTERM handler raises SystemExit,
# its soft time limit SoftTimeLimitExceeded): held back while a lock changes hands, so a
# handler never runs between taking a lock and recording its holder (or the other way round).
_HELD_BACK = {
    signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT,
    signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM,
}  # fmt: skip


def _take(lock, holder) -> None:
    """Acquire ``lock`` and record this process as its holder."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_BACK)
    try:
        while not lock.acquire(timeout=0.5):
            # Waiting for the lock: let signals that arrived meanwhile in.
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_BACK)
        holder.value = os.getpid()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _give(lock, holder) -> None:
    """Release ``lock`` if this process holds it."""
    if holder.value != os.getpid():
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_BACK)
    try:
        holder.value = 0
        lock.release()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class RecoverableQueue(SimpleQueue):
    """billiard's locked pipe, whose locks can be given back on behalf of a dead holder."""

    def __init__(self, *, ctx):
        super().__init__(ctx=ctx)
        # Pid of the process holding the read (write) lock, 0 when free. Only the holder
        # writes it, or the pool once the holder is dead.
        self._reading = ctx.RawValue("i", 0)
        self._writing = ctx.RawValue("i", 0)

    def __getstate__(self):
        return (*super().__getstate__(), self._reading, self._writing)

    def __setstate__(self, state):
        *base, self._reading, self._writing = state
        super().__setstate__(tuple(base))

    def get_payload(self):
        try:
            _take(self._rlock, self._reading)
            return self._reader.recv_bytes()
        finally:
            _give(self._rlock, self._reading)

    def send_payload(self, value):
        try:
            _take(self._wlock, self._writing)
            self._writer.send_bytes(value)
        finally:
            _give(self._wlock, self._writing)

    def release_locks_of(self, pids: set[int]) -> list[str]:
        """Release the locks a process in ``pids`` (all dead) still holds; say which."""
        released = []
        for name, holder, lock in (
            ("read", self._reading, self._rlock),
            ("write", self._writing, self._wlock),
        ):
            if holder.value and holder.value in pids:
                holder.value = 0
                lock.release()
                released.append(name)
        return released


class RecoveringPool(BlockingPool):
    """billiard's blocking pool, freeing the queue locks of pool processes that died."""

    def _setup_queues(self):
        ctx = self._ctx.get_context()
        self._inqueue = RecoverableQueue(ctx=ctx)
        self._outqueue = RecoverableQueue(ctx=ctx)
        self._quick_put = self._inqueue._writer.send
        self._quick_get = self._outqueue._reader.recv

        def _poll_result(timeout):
            if self._outqueue._reader.poll(timeout):
                return True, self._quick_get()
            return False, None

        self._poll_result = _poll_result

    def _join_exited_workers(self, shutdown=False):
        dead = {w.pid for w in self._pool if w._popen is not None and w.exitcode is not None}
        if dead:
            for label, queue in (("task", self._inqueue), ("result", self._outqueue)):
                for lock in queue.release_locks_of(dead):
                    logger.warning(
                        "A pool process died holding the %s queue's %s lock; released it.",
                        label,
                        lock,
                    )
        return super()._join_exited_workers(shutdown=shutdown)

    @staticmethod
    def _help_stuff_finish(inqueue, task_handler, pool):
        # Shutting down, the pool takes the task pipe's read lock for good (as billiard's own
        # does); by then nothing reaps pool processes, so free the lock of any that died.
        while not inqueue._rlock.acquire(timeout=0.1):
            inqueue.release_locks_of({w.pid for w in pool if w.exitcode is not None})
        while task_handler.is_alive() and inqueue._reader.poll():
            inqueue._reader.recv()
            time.sleep(0)


class TaskPool(prefork.TaskPool):
    """Celery's prefork pool on :class:`RecoveringPool` (``--pool config.celery_pool:TaskPool``)."""

    BlockingPool = RecoveringPool
