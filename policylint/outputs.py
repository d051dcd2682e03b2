"""Output files that never lose work: written beside the target, renamed over it at the end.

A report or baseline goes to a temporary file in the target's folder (so the rename stays on one
file system) and replaces the target only on :meth:`AtomicFile.commit`: a run that stops early
(a template error, a full disk, Ctrl-C) leaves the previous file as it was. Devices, FIFOs and
other special files (``/dev/stdout``, ``/dev/null``) are not regular files to replace: they are
written directly, as a stream.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any


def file_stat(path: str) -> os.stat_result | None:
    """``os.stat(path)``, or None where there is nothing to stat (missing, a dangling link, a loop)."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def is_special(path: str) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, FIFO or socket)."""
    st = file_stat(path)
    return st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def looks_like_report(path: str) -> bool:
    """Whether the file at ``path`` reads like a report policylint wrote (its name, or the
    text report's summary line, near the start): only such a file may be left out of a folder
    walk and replaced; any other file there is a document whose text a report would destroy."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).lower()
    except OSError:
        return False
    return b"policylint" in head or b"document(s) checked" in head


def same_path(a: str, b: str) -> bool:
    """Whether two paths name one file: the same file where both exist, else the same absolute path."""
    sa, sb = file_stat(a), file_stat(b)
    if sa is not None and sb is not None:
        return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


class AtomicFile:
    """A text file written to a temporary file and renamed over ``path`` by :meth:`commit`.

    Opening fails at once (``OSError``) when the folder cannot be written. Every method may raise
    ``OSError`` except :meth:`abort`, which is safe to call at any time, also after ``commit``.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.tmp: str | None = None
        self.done = False
        if is_special(path):
            self.fh: Any = open(path, "w", encoding="utf-8", errors="replace", newline="\n")
            return
        # A link to a report is kept a link: the file it points to is replaced.
        self.target = os.path.realpath(path)
        import tempfile

        folder, name = os.path.split(self.target)
        old = file_stat(self.target)
        if old is not None and (stat.S_ISDIR(old.st_mode) or not os.access(self.target, os.W_OK)):
            # Fail as opening it would have: a folder or a read-only file is not ours to replace.
            code = errno.EISDIR if stat.S_ISDIR(old.st_mode) else errno.EACCES
            raise OSError(code, os.strerror(code), path)
        try:
            fd, self.tmp = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".tmp")
        except OSError:
            if old is None:
                raise
            # A file in a folder that takes no new files (permissions, /proc): write it in place.
            self.fh = open(path, "w", encoding="utf-8", errors="replace", newline="\n")
            return
        try:
            # mkstemp makes the file 0600; give it the mode the target has (or a new file would get).
            os.chmod(self.tmp, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
            self.fh = os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n")
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise

    def write(self, text: str) -> None:
        self.fh.write(text)

    def commit(self) -> None:
        """Flush and close the file and put it in place of the target."""
        if self.done:
            return
        self.done = True
        try:
            self.fh.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.target)
                self.tmp = None
        finally:
            self.abort()

    def abort(self) -> None:
        """Drop the temporary file; the target stays as it was."""
        self.done = True
        try:
            self.fh.close()
        except OSError:
            pass  # the error that stopped the run is the one to report
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
