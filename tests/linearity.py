"""Linear time without a clock: count the work a function does on an input and on one twice
its size. Counts do not depend on the machine or on what else runs on it, so a test that needs
linearity asserts on them; wall-clock ratios are measured by ``benchmarks/linear.py``.

Work is the number of Python lines executed plus the number of C functions called: a Python
loop that rescans what it has seen, or calls ``str.find`` once per position, doubles its count
twice over when the input doubles. Work inside one C call (a single regex match) is not seen;
the benchmark measures that.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

#: Doubling the input may at most multiply the work by this: 2 is linear, 4 quadratic; the
#: margin covers fixed costs and n log n sorting of small things.
MAX_DOUBLING_RATIO = 2.5


def work(function: Callable[..., Any], *args: Any) -> int:
    """Python lines executed and C functions called while ``function(*args)`` runs."""
    count = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return trace

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "c_call":
            count += 1

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return count


def assert_linear_work(function: Callable[[Any], Any], make: Callable[[int], Any],
                       size: int) -> None:
    """``function`` does at most :data:`MAX_DOUBLING_RATIO` times the work on ``make(2 *
    size)`` that it does on ``make(size)``."""
    small = work(function, make(size))
    large = work(function, make(2 * size))
    assert large <= MAX_DOUBLING_RATIO * small, (
        f"work grew {large / small:.2f}x when the input doubled ({small} -> {large})"
    )
