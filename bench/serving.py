"""Running a Streamlit server for a benchmark or a browser test: a free port, waiting until
it answers, stopping it for sure."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(url: str, timeout: float = 1.0) -> bool:
    """Whether Streamlit at `url` answers its health check."""
    try:
        urllib.request.urlopen(url + "/_stcore/health", timeout=timeout)
    except OSError:
        return False
    return True


def wait_until_serving(url: str, proc: subprocess.Popen, seconds: float) -> None:
    """Return once `url` answers; RuntimeError when `proc` exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not answers(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"exit code {proc.poll()}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen, seconds: float) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `seconds`."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
