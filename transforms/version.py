"""The version of the extraction rules: a hash of the code and lexicon data that turn text into facts.

In: nothing (reads this package's own source and data files once). Out: a short hex string. A published
document extracted under another version is reprocessed on the next run.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def rules_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".toml", ".json", ".txt"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
