"""Who may open the dashboard: off on 127.0.0.1, a password or a login proxy's header.

Read from the environment `reviewgraph dashboard` hands to Streamlit (or a user sets for
`streamlit run`):

- REVIEWGRAPH_DASHBOARD_PASSWORD: the password itself, or
- REVIEWGRAPH_DASHBOARD_PASSWORD_FILE: a file holding it (its first line), so the password
  is not in the process environment (`reviewgraph dashboard --password-file FILE`);
- REVIEWGRAPH_DASHBOARD_AUTH_HEADER: the header a reverse proxy sets once it has signed the
  user in (e.g. X-Remote-User; `--auth-header NAME`). Only safe when nobody can reach
  Streamlit except through that proxy: anyone else could send the header themselves.

No Streamlit here: the command checks these before it starts anything (dashboard/auth.py
draws the login form).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewgraph.graph.errors import ReviewgraphError

PASSWORD = "REVIEWGRAPH_DASHBOARD_PASSWORD"
PASSWORD_FILE = "REVIEWGRAPH_DASHBOARD_PASSWORD_FILE"
AUTH_HEADER = "REVIEWGRAPH_DASHBOARD_AUTH_HEADER"


class AccessError(ReviewgraphError):
    """The login settings cannot be used (an unreadable or empty password file …)."""


@dataclass(frozen=True)
class Access:
    """How a visitor proves they may see the reviews (neither: anyone who reaches it)."""

    password: str | None = None
    header: str | None = None

    @property
    def required(self) -> bool:
        return bool(self.password or self.header)


def read_password_file(path: str | Path) -> str:
    """The password in `path` (its first line, without the line end)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise AccessError(f"cannot read the password file {path}: {e}") from e
    password = text.splitlines()[0].strip() if text.strip() else ""
    if not password:
        raise AccessError(
            f"the password file {path} is empty: write the password on its first line"
        )
    return password


def access_from_env(environ: Mapping[str, str] | None = None) -> Access:
    """The login in force: the header mode wins over a password when both are set."""
    env = os.environ if environ is None else environ
    header = (env.get(AUTH_HEADER) or "").strip() or None
    password = env.get(PASSWORD) or None
    if password is None and env.get(PASSWORD_FILE):
        password = read_password_file(env[PASSWORD_FILE])
    return Access(password=password, header=header)


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface
