"""Content-addressed storage of raw response bodies.

Bodies are stored under their SHA-256, never under a name the server chose: an attachment
called `../../etc/cron.d/x` cannot escape the store, and the same PDF served from two URLs
is kept once. The database row is the only place the URL and original name live.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class BlobStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` durably and return its sha256; writing the same bytes twice is a no-op."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        # write-then-rename so a crash never leaves a truncated blob under a valid digest
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def relative(self, sha256: str) -> str:
        """Where the bytes are, relative to the store root (what the captures table records)."""
        return str(self.path_for(sha256).relative_to(self.root))

    def remove_partial(self) -> int:
        """Delete temporary files a killed writer left (never a stored blob: those are
        renamed into place whole). Call only while no writer runs (under the run lock)."""
        stale = list(self.root.glob("*/.tmp-*")) if self.root.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)
