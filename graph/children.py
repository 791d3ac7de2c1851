"""Child processes that end with their parent (issue 13, item 6).

The embedded redis-server runs in a session of its own (so Ctrl-C in the terminal does not
kill the database mid-write) and the loader forks worker processes; after kill -9 of the
CLI both lived on with no owner. On Linux a child asks the kernel for a signal when its
parent dies (prctl PR_SET_PDEATHSIG). The signal follows the parent *thread* that forked
the child, so only children started from the main thread (or living no longer than the
thread that started them, as the loader's pool does) may rely on it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()


def supported() -> bool:
    """True when the kernel can signal a child at its parent's death (Linux)."""
    return _PRCTL is not None


def in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def end_with_parent(parent: int, sig: int = signal.SIGTERM) -> None:
    """Run in the child: receive `sig` when the parent ends, and at once if it has already
    ended (the parent may die between fork and this call). Safe in a preexec_fn: it only
    calls prctl, getppid and kill."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), sig)


def preexec_ending_with_this_process(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A preexec_fn for subprocess.Popen: the child ends with this process; None when the
    platform cannot do it or this is not the main thread (a thread's end would signal the
    child too early)."""
    if _PRCTL is None or not in_main_thread():
        return None
    parent = os.getpid()

    def preexec() -> None:
        end_with_parent(parent, sig)

    return preexec
