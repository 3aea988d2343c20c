"""Publishing the archive with Datasette: its metadata and the command that serves it."""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path


def write_metadata(db_path: str | Path) -> Path:
    """Write the Datasette metadata for `db_path` beside it and return its path.

    The packaged metadata describes the database named "nianbao"; Datasette keys table
    metadata by the file's stem, so it is re-keyed for databases written elsewhere.
    """
    db_path = Path(db_path)
    metadata = json.loads(files("archive").joinpath("metadata.json").read_text("utf-8"))
    metadata["databases"] = {db_path.stem: metadata["databases"]["nianbao"]}
    target = db_path.with_name(db_path.stem + ".metadata.json")
    target.write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def datasette_command(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The `datasette serve` invocation for the archive (read-only, time-limited queries)."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(write_metadata(db_path)),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "3000",
        "--setting",
        "max_returned_rows",
        "1000",
        "--setting",
        "suggest_facets",
        "off",
    ]
