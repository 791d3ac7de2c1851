"""Folders and files only their owner can use: the data, the uploads, the socket's folder.

Safeguarding reviews name children and families, so nothing reviewgraph writes may be
readable by other users of the machine: folders are 0700 and files 0600 (issue 13, items
8 and 9). A folder in a shared place (/tmp) that someone else owns or can write to is
refused, never reused: they could have planted a symlink or a socket of their own there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

from reviewgraph.graph.errors import DataDirError

log = logging.getLogger("reviewgraph")

DIR_MODE = 0o700
FILE_MODE = 0o600
# The umask a child process that writes the data (redis-server) runs with.
PRIVATE_UMASK = 0o077


def _refuse(folder: Path, why: str) -> DataDirError:
    return DataDirError(
        f"refusing to use {folder}: {why}. Someone else could read or replace what "
        "reviewgraph keeps there; remove it (or ask its owner to), or choose another place "
        "(TMPDIR for the socket folder, --data-dir / REVIEWGRAPH_DATA for the data)"
    )


def checked_private_dir(folder: Path, *, fix: bool) -> Path:
    """`folder`, created 0700 if missing; refused when it is a symlink, not a folder, or
    owned by someone else. Open to group or others: tightened with a warning when `fix`,
    refused otherwise (a folder in /tmp others could write to may hold their files)."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=DIR_MODE, parents=True)
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(folder, f"it is a symlink (to {os.readlink(folder)})")
    if not stat.S_ISDIR(info.st_mode):
        raise _refuse(folder, "it is not a folder")
    if info.st_uid != os.geteuid():
        raise _refuse(folder, f"it is owned by uid {info.st_uid}, not by you (uid {os.geteuid()})")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        if not fix:
            who = "others can write to it" if mode & 0o022 else "others can open it"
            raise _refuse(folder, f"{who} (mode {mode:04o})")
        os.chmod(folder, DIR_MODE)
        log.warning("tightened permissions of %s to %04o (was %04o)", folder, DIR_MODE, mode)
    return folder


def make_data_dir_private(data_dir: Path, *, quiet: bool = False) -> None:
    """Create the data dir 0700; tighten an existing one and everything in it (folders
    0700, files 0600 keeping the owner's execute bit), saying so (unless `quiet`: for what
    reviewgraph has just written there itself, such as the sample corpus).

    The data dir itself may be a symlink (a user's choice of disk); what is inside is
    changed without following symlinks. A folder owned by someone else is left as it is
    (its owner set it up; chmod would fail anyway). Nothing is said when no file with
    content was readable by others (say the folder was made 0755 by a step that wrote only
    0600 files in it): nobody could have read anything there.
    """
    with contextlib.suppress(FileExistsError):
        data_dir.mkdir(mode=DIR_MODE, parents=True)
    info = data_dir.stat()
    if info.st_uid != os.geteuid():
        return
    tightened, holds_data = 0, False  # holds_data: a file with content others could read
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):  # gone meanwhile, or not ours
                st = os.lstat(path)
                is_dir = stat.S_ISDIR(st.st_mode)
                if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
                    continue
                readable = stat.S_ISREG(st.st_mode) and st.st_size > 0 and st.st_mode & 0o044
                holds_data = holds_data or bool(readable)
                os.chmod(path, DIR_MODE if is_dir else stat.S_IMODE(st.st_mode) & 0o700)
                tightened += 1
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        os.chmod(data_dir, DIR_MODE)
        if holds_data and not quiet:
            log.warning("tightened permissions of %s to %04o (was %04o)", data_dir, DIR_MODE, mode)
    if tightened and holds_data and not quiet:
        log.warning(
            "tightened permissions of %d files and folders in %s: other users could read them",
            tightened,
            data_dir,
        )


def write_private(path: Path, data: bytes) -> None:
    """Write `path` 0600, never through a symlink, replacing what had that name at once.

    The bytes go to a new file created with O_CREAT|O_EXCL|O_NOFOLLOW (it fails rather than
    follow a link planted under that name), which then replaces `path` by rename: a rename
    replaces a symlink itself, not its target, and readers never see half a file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    fd = os.open(partial, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
