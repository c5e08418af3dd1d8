"""The sandbox user templates (`--templates DIR`) run in, with limits.

Jinja's sandbox keeps a template from reaching Python's insides; it does not keep it
from exhausting the machine: `range(100000000)|list`, `'a' * 10**10` or a macro that
calls itself forever. Here a template gets at most TIME_LIMIT seconds, makes at most
MAX_TEXT characters (its output, or any string or list it builds with `*`, `+` or
`**`), loops over ranges of at most MAX_RANGE numbers, calls macros at most
MAX_DEPTH deep, and grows the process by at most MAX_MEMORY bytes. Beyond a limit it
stops with TemplateLimitError, which names the limit; `mailroom render` reports it
as a refused template, exit 2. mailroom's own templates do not run here.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

TIME_LIMIT = 5.0  # seconds per template; a document takes milliseconds
MAX_TEXT = 2_000_000  # characters (or items) of the output and of any value built
MAX_RANGE = 10_000  # numbers in a range()
MAX_DEPTH = 50  # macros calling macros
MAX_MEMORY = 512 * 1024 * 1024  # bytes the process may grow by while a template runs


class TemplateLimitError(SecurityError):
    """A user template went past one of the sandbox's limits."""


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on time, size, ranges, depth and memory."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.template_class = LimitedTemplate
        self.globals["range"] = self._range
        self.filters = {name: _checked_filter(self, name, f) for name, f in self.filters.items()}
        self._deadline = float("inf")
        self._depth = 0

    # -- limits, checked as the template runs -----------------------------------------

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise TemplateLimitError(
                f"the template ran longer than {TIME_LIMIT:g} seconds; a document takes "
                "a fraction of one")

    def _range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimitError(
                f"range() of {len(numbers):,} numbers; the limit is {MAX_RANGE:,}")
        for number in numbers:
            self.check_time()
            yield number

    def call(__self, __context: Context, __obj: Any, *args: Any,  # noqa: N805
             **kwargs: Any) -> Any:
        __self.check_time()
        if __self._depth >= MAX_DEPTH:
            raise TemplateLimitError(
                f"macros call each other more than {MAX_DEPTH} deep (a macro that calls "
                "itself without end?)")
        __self._depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self._depth -= 1

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        _check_size(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.check_time()
        return super().getitem(obj, argument)

    def limited_concat(self, chunks: Iterator[str]) -> str:
        """The template's output, stopped at MAX_TEXT characters."""
        kept: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_TEXT:
                raise TemplateLimitError(
                    f"the template's output passed {MAX_TEXT:,} characters; a document has "
                    "a few tens of thousands")
            self.check_time()
            kept.append(chunk)
        return "".join(kept)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """While a template renders: its deadline, and the memory and alarm backstops."""
        self._deadline = time.monotonic() + TIME_LIMIT
        self._depth = 0
        try:
            with _memory_cap(MAX_MEMORY), _alarm(TIME_LIMIT + 1):
                yield
        except MemoryError:
            raise TemplateLimitError(
                f"the template needed more than {MAX_MEMORY // 2**20} MiB of memory") from None
        except RecursionError:
            raise TemplateLimitError("the template nests or recurses too deeply") from None
        finally:
            self._deadline = float("inf")


class LimitedTemplate(Template):
    """A template of a LimitedSandbox: rendered within its limits."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        assert isinstance(env, LimitedSandbox)
        try:
            with env.running():
                ctx = self.new_context(dict(*args, **kwargs))
                try:
                    return env.limited_concat(self.root_render_func(ctx))
                except TemplateLimitError:
                    raise
                except Exception:
                    env.handle_exception()
        except TemplateLimitError as exc:
            raise TemplateLimitError(f"{self.filename or self.name}: {exc}") from None


def _check_size(op: str, left: Any, right: Any) -> None:
    """Refuse `'a' * 10**10`, `[0] * 10**9`, `9 ** 10**9` and sums past MAX_TEXT before
    they are made."""
    size: float = 0
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                size = len(seq) * times
    elif op == "+" and isinstance(left, (str, list, tuple)) and hasattr(right, "__len__"):
        size = len(left) + len(right)
    elif op == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        size = abs(left).bit_length() * right / 3.3  # decimal digits, about
    if size > MAX_TEXT:
        raise TemplateLimitError(
            f"'{op}' would make a value of about {int(size):,} characters or items; the "
            f"limit is {MAX_TEXT:,}")


def _checked_filter(env: LimitedSandbox, name: str,
                    function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses sizes past MAX_TEXT (`'x'|center(10**9)`, `|indent(10**9)`)."""

    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        env.check_time()
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_TEXT:
                raise TemplateLimitError(
                    f"the filter {name} was given {value:,}; the limit is "
                    f"{MAX_TEXT:,}")
        return function(*args, **kwargs)

    return checked


@contextlib.contextmanager
def _memory_cap(extra: int) -> Iterator[None]:
    """Let the address space grow by at most `extra` bytes (Linux; elsewhere, no cap)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    cap = used + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already capped at least as tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """The backstop for a loop that calls nothing the checks see (main thread, POSIX)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer") or sys.platform == "win32":
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TemplateLimitError(f"the template ran longer than {TIME_LIMIT:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

