"""Reading untrusted files in a worker process, where a crash cannot hurt.

The native readers (calamine, in Rust) can abort the whole process on a hostile file: an
allocation failure is an abort, not a Python exception, and would take the app server
down for every user. So `read_file` (sniff, size, read into grids) runs in a separate
Python process started with `python -m reporting.ingest.isolation`, under an address-space
limit and a wall-clock deadline. Whatever happens there (an abort, a panic, memory
exhaustion, a hang) ends here as one `UnreadableFile` sentence, and the next file gets a
fresh worker.

Workers are kept warm between files (a start costs ~50 ms) and never share a file: each
request is one file in, its grids or its sentence out, over the worker's stdin and stdout
as length-prefixed pickles. A grid travels by column (`Grid.pack`): each column's distinct
cells and its codes as bytes, so a reply of a million rows is a few arrays, not a Python
object per cell to pickle and unpickle. Replies are unpickled with an allow-list of the few
types a grid holds, so a worker that misbehaved still cannot make this process build
anything else.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import io
import os
import pickle
import selectors
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

from reporting.ingest.grid import Grid
from reporting.ingest.limits import DEFAULT_LIMITS, Limits, size
from reporting.ingest.readers import read_grids
from reporting.ingest.safety import UnreadableFile, sniff

_HEADER = struct.Struct("!Q")
_ROOT = Path(__file__).resolve().parents[2]
_IDLE_WORKERS = 2


def read_file(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[str, list[Grid]]:
    """Sniff, size and read one file in this process: its kind and grids.

    Raises `UnreadableFile`. This is what a worker runs; call `read_isolated` instead.
    """
    sniffed = sniff(name, data, limits)
    return sniffed.kind, read_grids(name, data, sniffed, limits)


def read_isolated(
    name: str, data: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[Grid]]:
    """`read_file` in a worker process; raises `UnreadableFile` for any failure there."""
    worker = _Pool.take(limits)
    try:
        reply = worker.ask((name, data, limits), deadline=time.monotonic() + limits.worker_seconds)
    except _WorkerLost as lost:
        worker.kill()
        raise UnreadableFile(lost.sentence(name, limits)) from None
    status, *rest = reply
    if status == "memory":  # a worker that ran out of memory starts nothing else afresh
        worker.kill()
        raise UnreadableFile(_WorkerLost("memory").sentence(name, limits))
    _Pool.give_back(worker)
    if status == "ok":
        try:
            return rest[0], [Grid.unpack(packed) for packed in rest[1]]
        except (TypeError, ValueError, IndexError, AttributeError):  # not a reader's shape
            raise UnreadableFile(
                f"{name} could not be read: the reader returned cells that do not fit together. "
                "Open it in Excel or LibreOffice and save a copy."
            ) from None
    raise UnreadableFile(rest[0])


class _WorkerLost(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why

    def sentence(self, name: str, limits: Limits) -> str:
        if self.why == "time":
            return (
                f"{name} could not be read within {limits.worker_seconds:g} seconds, far "
                "longer than a workbook of metrics needs; it may be damaged or built to "
                "expand. Open it in Excel or LibreOffice, keep the metric sheets and save "
                "a copy."
            )
        return (
            f"{name} could not be read: opening it needs more than "
            f"{size(limits.worker_memory_bytes)} of memory, far more than a workbook of "
            "metrics needs; it may be damaged or built to expand. Open it in Excel or "
            "LibreOffice, delete unused cells and sheets, and save a copy."
        )


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        path = [str(_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
        self.memory_bytes = memory_bytes
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reporting.ingest.isolation", str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=_ROOT,
        )

    def ask(self, request: object, deadline: float) -> tuple:
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.process.stdin.write(_HEADER.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _WorkerLost("memory") from None
        (length,) = _HEADER.unpack(self._read(_HEADER.size, deadline))
        if length > self.memory_bytes:  # no honest reply is larger than the worker itself
            raise _WorkerLost("memory")
        return _unpickle(self._read(length, deadline))

    def _read(self, n: int, deadline: float) -> bytes:
        stream = self.process.stdout
        buffer = bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            while len(buffer) < n:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise _WorkerLost("time")
                chunk = os.read(stream.fileno(), min(n - len(buffer), 1 << 20))
                if not chunk:  # the worker died: an abort, a kill for memory, a panic
                    raise _WorkerLost("memory")
                buffer += chunk
        return bytes(buffer)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


class _Pool:
    """Warm workers, one file at a time each; safe to use from several threads."""

    _idle: ClassVar[list[_Worker]] = []
    _lock = threading.Lock()

    @classmethod
    def take(cls, limits: Limits) -> _Worker:
        with cls._lock:
            while cls._idle:
                worker = cls._idle.pop()
                if worker.alive() and worker.memory_bytes == limits.worker_memory_bytes:
                    return worker
                worker.kill()
        return _Worker(limits.worker_memory_bytes)

    @classmethod
    def give_back(cls, worker: _Worker) -> None:
        with cls._lock:
            if len(cls._idle) < _IDLE_WORKERS and worker.alive():
                cls._idle.append(worker)
                return
        worker.kill()

    @classmethod
    def close(cls) -> None:
        with cls._lock:
            idle, cls._idle = cls._idle, []
        for worker in idle:
            worker.kill()


atexit.register(_Pool.close)


# --- the reply, read with an allow-list ---------------------------------------------------

_ALLOWED = {
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not expected from a reader") from None


def _unpickle(data: bytes) -> tuple:
    try:
        reply = _Unpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        raise _WorkerLost("memory") from None
    if not isinstance(reply, tuple) or not reply:
        raise _WorkerLost("memory")
    return reply


# --- the worker side ----------------------------------------------------------------------


def _serve(memory_bytes: int) -> None:
    """Answer requests on stdin until it closes; stdout carries replies and nothing else."""
    import resource

    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # Anything a library prints goes nowhere rather than into the replies.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    requests = sys.stdin.buffer
    while header := requests.read(_HEADER.size):
        (length,) = _HEADER.unpack(header)
        name, data, limits = pickle.loads(requests.read(length))
        try:
            kind, grids = read_file(name, data, limits)
            reply: tuple = ("ok", kind, [grid.pack() for grid in grids])
        except UnreadableFile as problem:
            reply = ("refused", str(problem))
        except MemoryError:
            reply = ("memory",)
        except BaseException as exc:  # a native reader's panic is a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            reply = (
                "refused",
                f"{name} could not be read ({type(exc).__name__}); open it in Excel or "
                "LibreOffice and save it again.",
            )
        del data
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory",))
        replies.write(_HEADER.pack(len(payload)) + payload)
        replies.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
