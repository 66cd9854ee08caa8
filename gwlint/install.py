"""Install hints that work from where gwlint was installed.

``pip install 'gwlint[live]'`` only works when gwlint comes from a package
index. Run from a checkout (``pip install -e .``, or the source tree itself)
the hint names the checkout; installed from a folder with ``pip install .``,
pip records that folder (PEP 610 ``direct_url.json``) and the hint names it.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse


def _recorded_folder() -> str | None:
    """The folder ``pip install <folder>`` installed gwlint from, if it did."""
    try:
        text = metadata.distribution("gwlint").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        info = json.loads(text or "")
    except ValueError:
        return None
    url = urlparse(str(info.get("url", ""))) if isinstance(info, dict) else None
    if url is None or url.scheme != "file" or "dir_info" not in info:
        return None
    return unquote(url.path)


def _checkout() -> str | None:
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():
        return str(root)
    return _recorded_folder()


def live_install_hint(extra: str = "live") -> str:
    """The pip command that adds the ``extra`` dependencies to this gwlint."""
    folder = _checkout()
    if folder is None:
        return f"pip install 'gwlint[{extra}]'"
    if Path(folder) == Path.cwd():
        folder = "."
    elif not folder.endswith(os.sep):
        folder += os.sep
    return f"pip install '{folder}[{extra}]'"
