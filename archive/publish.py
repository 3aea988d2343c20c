"""Publishing the archive with Datasette: its metadata, plugins and the command that serves it."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from importlib.resources import files
from pathlib import Path

# What `public=True` turns on, flag by flag (RELIABILITY.md, "Datasette deployment").
PUBLIC_SETTINGS = {
    "sql_time_limit_ms": "3000",  # bounds CPU per query; ?_timelimit can only lower it
    "max_returned_rows": "1000",  # bounds one response
    "num_sql_threads": str(max(3, os.cpu_count() or 1)),  # heavy queries must not starve
    "allow_download": "on",  # needs an immutable database
    "allow_csv_stream": "on",
    "max_csv_mb": "100",  # bounded exports
    "suggest_facets": "off",  # one query per column of every table viewed
    "default_cache_ttl": "3600",  # data changes nightly; a proxy may cache
    "trace_debug": "off",  # ?_trace was the CVE-2021-32670 vector
    "template_debug": "off",
    # Rendering dominates a table page of long texts: 50 rows a page and cells cut at 120
    # characters in HTML (the report page and every export carry the whole text) take the
    # faceted reports page from ~700 to ~200 ms on 20,000 reports (BENCHMARKS.md).
    "default_page_size": "50",
    "truncate_cells_html": "120",
    # allow_signed_tokens off belongs here on Datasette 1.0; 0.65 has no API tokens at all.
}
LOCAL_SETTINGS = {
    "sql_time_limit_ms": "3000",
    "max_returned_rows": "1000",
    "suggest_facets": "off",
}


def plugins_dir() -> Path:
    """The folder of the archive's Datasette plugins (for `--plugins-dir`)."""
    return Path(str(files("archive").joinpath("plugins")))


def templates_dir() -> Path:
    """The folder of the archive's Datasette templates (for `--template-dir`): the report page."""
    return Path(str(files("archive").joinpath("templates")))


CAPTURE_PLUGIN = "nianbao-capture"  # archive/plugins/capture.py
DASHBOARDS_PLUGIN = "datasette-dashboards"


def load_metadata(
    db_name: str = "nianbao",
    warc_dir: str | Path | None = None,
    blob_dir: str | Path | None = None,
) -> dict:
    """The packaged Datasette metadata, keyed for a database named `db_name`.

    The packaged metadata describes the database named "nianbao"; Datasette keys table
    metadata by the file's stem, so it is re-keyed for databases written elsewhere, and
    so are the dashboards' charts and filters. `warc_dir` and `blob_dir` tell the capture
    route where the archived originals are at serve time.
    """
    metadata = json.loads(files("archive").joinpath("metadata.json").read_text("utf-8"))
    metadata["databases"] = {db_name: metadata["databases"]["nianbao"]}
    plugins = metadata.setdefault("plugins", {})
    for dashboard in plugins.get(DASHBOARDS_PLUGIN, {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if "db" in part:
                part["db"] = db_name
    capture: dict[str, str] = {"database": db_name}
    if warc_dir is not None:
        capture["warc_dir"] = str(Path(warc_dir).resolve())
    if blob_dir is not None:
        capture["blob_dir"] = str(Path(blob_dir).resolve())
    plugins[CAPTURE_PLUGIN] = capture
    return metadata


def archive_dirs(db_path: str | Path) -> tuple[Path, Path]:
    """The WARC folder and blob store of the archive `db_path` (beside it, as the crawl
    writes them)."""
    from crawler.pipelines import blob_root, warc_root

    return warc_root(str(db_path)), blob_root(str(db_path), None)


def write_metadata(
    db_path: str | Path, warc_dir: str | Path | None = None, blob_dir: str | Path | None = None
) -> Path:
    """Write the Datasette metadata for `db_path` beside it and return its path.

    The capture route reads originals from `warc_dir` and `blob_dir`, by default the
    folders beside the database.
    """
    db_path = Path(db_path)
    default_warc, default_blobs = archive_dirs(db_path)
    metadata = load_metadata(db_path.stem, warc_dir or default_warc, blob_dir or default_blobs)
    target = db_path.with_name(db_path.stem + ".metadata.json")
    target.write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def write_inspect(db_path: str | Path) -> Path:
    """Count every table once (`datasette inspect`) into a file beside `db_path`.

    Served with `--inspect-file`, an immutable database's table pages show these counts
    instead of counting on each request. Regenerate after each publish.
    """
    from datasette.cli import inspect_

    db_path = Path(db_path)
    data = asyncio.run(inspect_([str(db_path)], []))
    target = db_path.with_name(db_path.stem + ".inspect.json")
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def datasette_command(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    public: bool = False,
    warc_dir: str | Path | None = None,
    blob_dir: str | Path | None = None,
) -> list[str]:
    """The `datasette serve` invocation for the archive.

    Local (default): the file is opened read-only (`mode=ro`), so a crawl may still write
    it; queries are time-limited. Public: the file is served immutable (`-i`: no locking,
    HTTP caching, and the database download at /<name>.db), with precomputed table counts,
    no debug output and a one-hour cache lifetime; serve a published
    snapshot that nothing writes to, behind a proxy that rate-limits (Datasette has none).
    The archived originals (`/-/capture/<id>`) are read from `warc_dir` and `blob_dir`,
    by default the folders beside the database.
    """
    command = [sys.executable, "-m", "datasette", "serve"]
    if public:
        command += ["-i", str(db_path), "--inspect-file", str(write_inspect(db_path))]
    else:
        command.append(str(db_path))
    command += [
        "--metadata",
        str(write_metadata(db_path, warc_dir, blob_dir)),
        "--plugins-dir",
        str(plugins_dir()),
        "--template-dir",
        str(templates_dir()),
        "--host",
        host,
        "--port",
        str(port),
    ]
    for name, value in (PUBLIC_SETTINGS if public else LOCAL_SETTINGS).items():
        command += ["--setting", name, value]
    return command


def public_datasette(path: str | Path, metadata: dict | None = None):
    """In-process, the instance `nianbao serve --public` starts (`datasette_command`): the
    file immutable with its precomputed counts, the same metadata, plugins, templates and
    settings. Tests and the benchmark use it, so they measure what readers get."""
    from datasette.app import Datasette

    path = Path(path)
    settings: dict[str, object] = {}
    for name, value in PUBLIC_SETTINGS.items():
        flag = {"on": True, "off": False}.get(value, value)
        settings[name] = int(flag) if isinstance(flag, str) else flag
    return Datasette(
        immutables=[str(path)],
        metadata=metadata or load_metadata(path.stem),
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
        settings=settings,
        inspect_data=json.loads(write_inspect(path).read_text("utf-8")),
    )


def prepare_for_serving(db_path: str | Path, public: bool = False) -> None:
    """Make sure `db_path` can be served; raise ValueError saying why not.

    Locally, a database from before the search index or the summary tables gains them
    (this writes to the file).
    In public mode nothing is written: the file is opened immutable, so it must already
    hold the index and the summaries, and no write-ahead log may be pending (it would be
    invisible, and a writer would change the file under the server: serve a published
    snapshot).
    """
    import sqlite3

    from archive.fts import FTS_TABLE, ensure_fts
    from archive.summaries import APPLICATIONS, OUTCOMES, has_summaries, refresh_summaries

    db_path = Path(db_path)
    if not public:
        from archive.db import open_db

        db = open_db(db_path)
        ensure_fts(db)
        if not has_summaries(db):
            refresh_summaries(db)
        db.close()
        return
    wal = Path(str(db_path) + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise ValueError(
            f"{db_path} has a pending write-ahead log (is a crawl writing it?): "
            "serve a published snapshot in public mode"
        )
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    finally:
        conn.close()
    if FTS_TABLE not in found:
        raise ValueError(f"{db_path} has no search index: run `nianbao process` on it first")
    if not {APPLICATIONS, OUTCOMES} <= found:
        raise ValueError(f"{db_path} has no summary tables: run `nianbao process` on it first")
