"""Work done aside: in a forked copy of this process, on the other core, while this
one goes on.

`mailroom render` makes a document and a stub from the same spec, and both cost
CPU; with two cores, the stub's files are made by a copy of the process while the
document is made, and written once the document is. The copy sends back its result;
when anything goes wrong there (an error, a crash, a kill), the work is simply done
again here, so errors surface exactly as if it had never been done aside.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Only where it pays and is safe: a second core, and no other thread (a fork
    copies only the thread that forks, and any lock another one holds)."""
    return hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's, under taskset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Aside(Generic[T]):
    """`work()` started in a forked child; `result()` waits for it. Without a child
    (no fork, or `forked=False`), `result()` does the work there and then."""

    def __init__(self, work: Callable[[], T], *, forked: bool = True) -> None:
        self._work = work
        self._pid = 0
        self._pipe = -1
        self.done_aside = False  # whether result() came from the child
        if forked and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send the result, never come back
            os.close(read)
            _run_and_exit(self._work, write)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        if self._pid == 0:
            return self._work()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if os.waitstatus_to_exitcode(status) != 0:  # failed or killed, maybe halfway through
            return self._work()  # sending: do it here, where its error is reported
        value: T = pickle.loads(data)
        self.done_aside = True
        return value

    def abandon(self) -> None:
        """No result wanted after all: reap the child. Work done aside should have no
        effect but its result, so that abandoning it leaves nothing behind."""
        if self._pid != 0:
            os.close(self._pipe)  # a child still sending gets a broken pipe and exits
            os.waitpid(self._pid, 0)
            self._pid = 0


def _run_and_exit(work: Callable[[], object], pipe: int) -> None:
    status = 1
    try:
        data = pickle.dumps(work())
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        status = 0
    except BaseException:  # nothing sent: the parent does the work again
        pass
    finally:
        os._exit(status)  # not sys.exit: no atexit handlers, no flushing the parent's buffers
