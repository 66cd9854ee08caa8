"""Read an input file's text without ever blocking, swallowing memory or guessing.

Only regular files are read: a FIFO, device or socket named on the command line
would block forever or never end (``/dev/zero``), so it is refused before any
read. The file is opened non-blocking and checked with ``fstat`` on the open
descriptor (the name may change between a check and the open), and at most the
size limit plus one byte is read. Text must be UTF-8 (a UTF-8 byte-order mark
is accepted); UTF-16/32 and binary files get a message saying so.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gwlint.findings import InputError
from gwlint.jsonpos import line_column

#: Default --max-file-size: far above any real gateway config, far below trouble.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class ReadError(Exception):
    """The file cannot be read as text; ``error`` says where and why."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _os_problem(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link points (through other links) back to itself"
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return "symbolic link to a missing file"
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: gwlint cannot read this file"
    return f"cannot read: {exc.strerror or exc}"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def read_bytes(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``; raises ReadError naming ``name``."""
    try:  # stat never blocks; opening a socket fails, opening a FIFO may wait for a writer
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ReadError(InputError(name, None, None, _os_problem(exc, path))) from None
    if not stat.S_ISREG(mode):
        message = f"{_kind(mode)}, not a regular file; gwlint reads only regular files"
        raise ReadError(InputError(name, None, None, message))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise ReadError(InputError(name, None, None, "is a directory")) from None
        raise ReadError(InputError(name, None, None, _os_problem(exc, path))) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            message = f"{_kind(info.st_mode)}, not a regular file; gwlint reads only regular files"
            raise ReadError(InputError(name, None, None, message))
        too_large = (
            f"file is larger than the {size_text(max_bytes)} limit; gateway configs are "
            "a few KB (raise the limit with --max-file-size if this file is really an input)"
        )
        if info.st_size > max_bytes:
            raise ReadError(InputError(name, None, None, f"{size_text(info.st_size)}: {too_large}"))
        chunks: list[bytes] = []
        total = 0
        # One read of the size stat gave (and a byte more, to see growth): a fixed
        # large buffer per read cost more than the read itself at many small files.
        # The read after it is small too: it usually only sees the end of the file.
        want = info.st_size + 1
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            want = 1 << 12 if not chunks else 1 << 20
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # grew while being read
            raise ReadError(InputError(name, None, None, too_large))
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(InputError(name, None, None, _os_problem(exc, path))) from None
    finally:
        os.close(fd)


def _looks_utf16(data: bytes) -> str | None:
    """'UTF-16' / 'UTF-32' when NUL bytes sit where such text puts them."""
    sample = data[:4096]
    if len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    quads = [sample[i::4].count(0) for i in range(4)]
    if len(sample) >= 8 and sorted(quads)[1] >= len(sample) // 4 * 0.9:
        return "UTF-32"
    half = len(sample) // 2
    if max(even, odd) >= half * 0.9 and min(even, odd) <= half * 0.1:
        return "UTF-16"
    return None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data`` (a UTF-8 byte-order mark dropped); raises ReadError."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            message = f"{encoding} text (byte-order mark); save the file as UTF-8"
            raise ReadError(InputError(name, 1, 1, message))
    if data.startswith(_BOM_UTF8):
        data = data[len(_BOM_UTF8) :]
    if b"\x00" in data:
        wide = _looks_utf16(data)
        if wide is not None:
            message = f"looks like {wide} text without a byte-order mark; save the file as UTF-8"
            raise ReadError(InputError(name, 1, 1, message))
        index = data.index(b"\x00")
        line, column = _position(data, index)
        raise ReadError(InputError(name, line, column, "NUL byte: a binary file, not JSON text"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason}); save it as UTF-8"
        raise ReadError(InputError(name, line, column, message)) from None


def _position(data: bytes, index: int) -> tuple[int, int]:
    before = data[:index].decode("utf-8", errors="replace")
    return line_column(before, len(before))


def read_text(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the input file ``path`` (shown as ``name`` in errors)."""
    return decode(read_bytes(path, name, max_bytes), name)
