"""Growth, not seconds: a reader that must stay linear is timed at two sizes in one run, on the
process's own CPU clock, and the larger may cost only so many times the smaller. A loaded machine
slows both alike; a quadratic step shows as a ratio near the square of the sizes' ratio."""

from __future__ import annotations

import time
from collections.abc import Callable


def cpu_seconds(work: Callable[[], object], *, repeat: int = 3) -> float:
    """The least CPU time ``work`` took over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], small: int, *, times: int = 4) -> None:
    """``make(size)`` gives the work for an input of ``size``; the work at ``small * times`` may
    cost at most twice ``times`` the work at ``small`` (linear is ``times``, quadratic its square)."""
    little = cpu_seconds(make(small))
    large = cpu_seconds(make(small * times), repeat=2)
    floor = 0.005  # below a few milliseconds the clock's grain decides, not the algorithm
    assert large <= 2 * times * max(little, floor), (
        f"size {small}: {little:.3f} s; size {small * times}: {large:.3f} s (more than {2 * times}x)"
    )
