"""The `nianbao` command: one entry point for the whole flow.

Each subcommand is a thin wrapper over a function of `crawler/`, `archive/` or `parsers/`;
the work happens there so it can be tested without the command line.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import click

DEFAULT_DB = "data/nianbao.db"
db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive database (raw bodies are kept in a blobs/ folder beside it).",
)


def echo(message: str) -> None:
    click.echo(f"[nianbao] {message}", err=True)


registry_option = click.option(
    "--registry",
    "registry_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A site registry YAML file instead of the packaged crawler/sites.yaml.",
)


redis_option = click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Distributed: Redis as the shared frontier, redis://:PASSWORD@HOST:6379/0 (a URL "
    "without a password takes $NIANBAO_REDIS_PASSWORD, which keeps it off the command "
    "line); `nianbao worker` processes crawl, this one writes the archive.",
)


@click.group()
@click.version_option(package_name="nianbao")
def main() -> None:
    """Archive crawler for 政府信息公开工作年度报告."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full result as one JSON object.")
@click.option("--text/--no-text", default=False, help="Include the extracted text in the JSON.")
def parse(file: str, as_json: bool, text: bool) -> None:
    """Parse one local document (HTML, text, PDF, DOCX, DOC/WPS, XLS/XLSX, image) and print
    what the parsers read; the format is judged by content, not by the file name."""
    from parsers.report import parse_file

    result = parse_file(file)
    if not text:
        result.pop("text", None)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for key in ("is_annual_report", "title", "agency", "year", "format", "published"):
        click.echo(f"{key:17} {result.get(key)}")
    failed = [c["name"] for c in result.get("checks") or [] if c.get("ok") is False]
    click.echo(f"{'checks failed':17} {len(failed)} {' '.join(failed)}")
    if result.get("error"):
        click.echo(f"{'error':17} {result['error']}")


@main.command()
@click.option(
    "--url", "start_urls", multiple=True, help="Home page of a site to crawl (repeatable)."
)
@click.option("--column-url", help="The site's 年报 column, if known.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow loopback/private addresses (the simulated web needs this; nothing else should).",
)
@click.option("--local", is_flag=True, help="Politeness off: only for sites you run yourself.")
@click.option(
    "--site",
    "site_names",
    multiple=True,
    metavar="NAME",
    help="Crawl this registry entry (repeatable); see `nianbao sites`.",
)
@click.option("--province", help="Crawl the registry entries of one province (e.g. 广东省).")
@registry_option
@click.option("--process/--no-process", default=True, help="Parse what was captured.")
@redis_option
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def crawl(
    start_urls: tuple[str, ...],
    column_url: str | None,
    allow_private: bool,
    local: bool,
    site_names: tuple[str, ...],
    province: str | None,
    registry_path: str | None,
    process: bool,
    redis_url: str | None,
    verbose: bool,
    db_path: str,
) -> None:
    """Crawl 年报 columns into the archive, then parse the captures.

    With --url/--column-url, one site; otherwise the site registry (crawler/sites.yaml):
    every entry, the --site entries, or one --province."""
    from nianbao.crawl import run_crawl
    from nianbao.distributed import EXIT_REDIS, RedisUnavailable

    if start_urls or column_url:
        if site_names or province:
            raise click.UsageError("give either --url/--column-url or --site/--province")
        if column_url and len(start_urls) > 1:
            raise click.UsageError("--column-url goes with one --url")
        targets = [(url, column_url) for url in start_urls] or [(None, column_url)]
    else:
        entries = _registry_entries(registry_path, site_names, province, None)
        if not entries:
            raise click.UsageError(f"no registry site matches --province {province}")
        targets = [entry.target for entry in entries]
        echo(f"crawling {len(targets)} registry sites")
    _hold_run_lock(db_path)  # a crawl and a nightly run never write one archive at once
    try:
        result = run_crawl(
            db_path,
            targets=targets,
            allow_private=allow_private,
            local=local,
            verbose=verbose,
            redis_url=redis_url,
        )
    except RedisUnavailable as exc:
        echo(f"crawl FAILED: {exc}")
        sys.exit(EXIT_REDIS)
    echo(
        f"crawl run {result.run_id}: {result.status}, {result.pages} pages, "
        f"{result.detail_pages} detail pages, {result.errors} errors"
    )
    for host, reason in (result.blocked_hosts or {}).items():
        echo(f"blocked host {host}: {reason}")
    if process:
        _process(db_path, everything=False)
    if result.status != "ok":
        sys.exit(1)


def _registry_entries(registry_path, names, province, platform):
    from crawler.registry import RegistryError, load_registry, select

    try:
        return select(
            load_registry(registry_path), names=names, province=province, platform=platform
        )
    except RegistryError as exc:
        raise click.UsageError(str(exc)) from None


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


@main.command()
@click.option("--province", help="Only this province (a prefix works: 广东 matches 广东省).")
@click.option(
    "--platform",
    type=click.Choice(["trs", "hanweb", "vsb", "gkmlpt", "lonsun", "govcn", "fjcms", "other"]),
    help="Only this CMS platform hint.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as a JSON list.")
@registry_option
def sites(
    province: str | None, platform: str | None, as_json: bool, registry_path: str | None
) -> None:
    """List the site registry (crawler/sites.yaml): what `nianbao crawl` crawls by default."""
    entries = _registry_entries(registry_path, (), province, platform)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return
    header = ("name", "agency", "province", "level", "platform", "column")
    rows = [
        (e.name, e.agency, e.province, e.level, e.platform or "-", e.column or "-") for e in entries
    ]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header[:-1])]
    for row in [header, *rows]:
        cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])]
        click.echo("  ".join([*cells, row[-1]]))
    echo(f"{len(entries)} sites, {len({e.province for e in entries})} provinces")


@main.command(name="process")
@click.option(
    "--all", "everything", is_flag=True, help="Re-parse every capture (after a parser change)."
)
@db_option
def process_cmd(everything: bool, db_path: str) -> None:
    """Parse archived captures into report tables (no network)."""
    _process(db_path, everything)


def _process(db_path: str, everything: bool) -> None:
    from archive.db import open_db
    from archive.process import process_captures
    from archive.store import BlobStore
    from crawler.pipelines import blob_root

    db = open_db(db_path)
    summary = process_captures(db, BlobStore(blob_root(db_path, None)), everything=everything)
    total = db.table("reports").count
    echo(
        f"processed {summary.captures} captures: {summary.reports_new} new reports, "
        f"{summary.reports_updated} updated, {summary.reports_removed} removed, "
        f"{summary.not_reports} not reports, {summary.errors} errors; {total} reports in "
        f"{db_path}" + (" (rebuilt for a parser change)" if summary.rebuilt else "")
    )
    db.close()


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option(
    "--public",
    is_flag=True,
    help="Serve a published snapshot to the public: opened immutable (-i, no writes, "
    "database download at /<name>.db), table counts precomputed (--inspect-file), "
    "queries capped at 3000 ms and 1000 rows, CSV exports at 100 MB, no facet "
    "suggestions, no ?_trace or ?_context debug output, HTTP cache max-age 3600 s, "
    "50 rows a page with cells cut at 120 characters in HTML. "
    "Nothing may write the file while it is served; put a rate-limiting proxy in front.",
)
@click.option(
    "--warc-dir",
    type=click.Path(file_okay=False),
    help="WARC folder the archived originals (/-/capture/<id>) are read from "
    "[default: warc/ beside the database].",
)
@click.option(
    "--blob-dir",
    type=click.Path(file_okay=False),
    help="Blob store for captures without a WARC record [default: blobs/ beside the database].",
)
def serve(
    db_path: str,
    host: str,
    port: int,
    public: bool,
    warc_dir: str | None = None,
    blob_dir: str | None = None,
) -> None:
    """Serve the archive with Datasette (read-only; Chinese full-text search)."""
    if not Path(db_path).exists():
        raise click.UsageError(
            f"{db_path} does not exist: run `nianbao crawl` or `nianbao demo` first"
        )
    _serve(db_path, host, port, public, warc_dir, blob_dir)


def _serve(
    db_path: str,
    host: str,
    port: int,
    public: bool = False,
    warc_dir: str | None = None,
    blob_dir: str | None = None,
) -> None:
    from archive.publish import datasette_command, prepare_for_serving

    try:
        prepare_for_serving(db_path, public)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        command = datasette_command(db_path, host, port, public, warc_dir, blob_dir)
        subprocess.run(command, check=True)


@main.command()
@db_option
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write one file per table into (created if needed).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv"]),
    default="csv",
    show_default=True,
    help="File format (Parquet is not offered: see docs/publishing.md).",
)
def export(db_path: str, out_dir: str, fmt: str) -> None:
    """Write every table of the archive as a file of its own (UTF-8 CSV with a header)."""
    from archive.export import export_tables

    try:
        written = export_tables(db_path, out_dir, fmt)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    for item in written:
        click.echo(f"{item.path}\t{item.rows}")
    echo(f"{len(written)} tables written to {out_dir}")


@main.command()
@db_option
def status(db_path: str) -> None:
    """What the archive holds and how the last runs went."""
    from archive.db import open_db

    db = open_db(db_path)
    for table in ("captures", "reports", "crawl_runs"):
        click.echo(f"{table:12} {db.table(table).count}")
    for run in db.query("select * from crawl_runs order by id desc limit 5"):
        click.echo(
            f"run {run['id']:4} {run['kind']:7} {run['status']:11} {run['started']} "
            f"pages={run['pages']} 304={run['not_modified'] or 0} new={run['reports_new'] or 0}"
            f" changed={run['reports_changed'] or 0} removed={run['reports_removed'] or 0}"
            f" {run['target']}"
        )


@main.command()
@click.option(
    "--port",
    default=8101,
    show_default=True,
    help="Port of the first simulated site; the others follow (8102, ...); 0: any free ports.",
)
@click.option("--second-night", is_flag=True, help="The next night: edits, deletions, a new year.")
def simweb(port: int, second_night: bool) -> None:
    """Serve the simulated government web on 127.0.0.1 until Ctrl-C."""
    import time

    from simweb.server import running, site_ports

    with running(site_ports(port), second_night=second_night) as web:
        for name in web.sites:
            echo(f"{name}: {web.base_url(name)}/")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


@main.command()
@db_option
@click.option(
    "--serve/--no-serve", default=True, help="Start Datasette when the database is built."
)
@click.option("--port", default=8001, show_default=True, help="Datasette port.")
@click.option(
    "--web-port",
    default=8101,
    show_default=True,
    help="Port of the first simulated site; the others follow (8102, ...); 0: any free ports.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def demo(db_path: str, serve: bool, port: int, web_port: int, verbose: bool) -> None:
    """Start the simulated web, crawl it, parse, build the database, serve it."""
    from nianbao.crawl import run_crawl
    from simweb.server import running, site_ports

    _clear_demo_db(Path(db_path))
    with running(site_ports(web_port)) as web:
        homes = web.start_urls()
        for home in homes:
            echo(f"simulated government web: {home}")
        result = run_crawl(
            db_path,
            targets=[(home, None) for home in homes],
            allow_private=True,
            local=True,
            verbose=verbose,
            kind="demo",
        )
        echo(f"crawled {result.pages} pages ({result.detail_pages} detail pages)")
    _process(db_path, everything=False)
    if result.status != "ok":
        echo("the crawl failed; see crawl_runs")
        sys.exit(1)
    if serve:
        _serve(db_path, "127.0.0.1", port)


def _clear_demo_db(db_path: Path) -> None:
    """Start the demo from scratch, but never wipe an archive that holds real crawls."""
    if not db_path.exists():
        return
    from archive.db import open_db

    db = open_db(db_path)
    kinds = {row["kind"] for row in db.query("select distinct kind from crawl_runs")}
    db.close()
    if kinds - {"demo"}:
        raise click.UsageError(f"{db_path} holds real crawls; give the demo another --db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    for folder in ("blobs", "warc"):
        shutil.rmtree(db_path.parent / folder, ignore_errors=True)


def _register_bench() -> None:
    from nianbao.bench import bench

    main.add_command(bench)


_register_bench()


# -- WARC: the archival copy of every capture (archive/warc.py) ---------------------------------
def _warc_dir(db_path: str) -> Path:
    from crawler.pipelines import warc_root

    return warc_root(db_path)


@main.command(name="show-capture")
@click.argument("capture_id", type=int)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout."
)
@click.option(
    "--headers",
    "with_headers",
    is_flag=True,
    help="Write the archived status line and headers too.",
)
@db_option
def show_capture(capture_id: int, out: str | None, with_headers: bool, db_path: str) -> None:
    """Write a capture's response bytes back out, read from its WARC record (sha256-checked)."""
    from archive.db import open_db
    from archive.warc import WarcError, read_capture

    if not Path(db_path).exists():
        raise click.UsageError(f"{db_path} does not exist")
    db = open_db(db_path)
    try:
        found = read_capture(db, _warc_dir(db_path), capture_id)
    except WarcError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    data = (found.header_bytes if with_headers else b"") + found.body
    if out:
        Path(out).write_bytes(data)
        echo(f"capture {capture_id}: {len(found.body)} bytes from {found.source} -> {out}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@main.command(name="warc-check")
@db_option
def warc_check(db_path: str) -> None:
    """Run warcio's checks (digests, gzip members) over every closed WARC file."""
    from archive.warc import OPEN_SUFFIX, check_files, warc_files

    directory = _warc_dir(db_path)
    files = warc_files(directory)
    unclosed = [p for p in warc_files(directory, include_open=True) if p.name.endswith(OPEN_SUFFIX)]
    for path in unclosed:
        echo(f"not closed (being written, or left by a killed crawl): {path}")
    if not files:
        echo(f"no closed WARC files in {directory}")
        return
    failed = check_files(files)
    total = sum(p.stat().st_size for p in files)
    echo(f"{len(files)} WARC files, {total} bytes: {'FAILED' if failed else 'ok'}")
    if failed:
        sys.exit(1)


@main.command()
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@click.option("--include-open", is_flag=True, help="Index `.warc.gz.open` files too.")
@db_option
def cdxj(out: str | None, include_open: bool, db_path: str) -> None:
    """Write a sorted CDXJ index (pywb's format) of the closed WARC files."""
    from archive.warc import warc_files, write_cdxj

    files = warc_files(_warc_dir(db_path), include_open=include_open)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            count = write_cdxj(files, fh)
        echo(f"{count} CDXJ lines from {len(files)} WARC files -> {out}")
    else:
        write_cdxj(files, sys.stdout)


# -- the unattended nightly run (nianbao/nightly.py) --------------------------------------------
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later


def _hold_run_lock(db_path: str) -> None:
    """Hold the archive's run lock until this command ends, or exit 75 at once."""
    from archive.lock import LockHeld, run_lock

    try:
        click.get_current_context().with_resource(run_lock(db_path))
    except LockHeld as exc:
        echo(str(exc))
        sys.exit(EXIT_LOCKED)


@main.command()
@click.option("--url", "urls", multiple=True, help="Home page of a site to crawl (repeatable).")
@click.option("--site", "site_names", multiple=True, metavar="NAME", help="A registry entry.")
@click.option("--province", help="The registry entries of one province.")
@registry_option
@click.option("--allow-private", is_flag=True, help="Allow loopback/private addresses.")
@click.option("--local", is_flag=True, help="Politeness off: only for sites you run yourself.")
@click.option(
    "--publish-to",
    type=click.Path(dir_okay=False),
    help="The published database Datasette serves [default: public/<db name> beside --db].",
)
@click.option("--no-publish", is_flag=True, help="Crawl and process only.")
@click.option(
    "--max-drop",
    default=0.2,
    show_default=True,
    help="Refuse to publish if a table lost more than this share of its rows.",
)
@redis_option
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def nightly(
    urls: tuple[str, ...],
    site_names: tuple[str, ...],
    province: str | None,
    registry_path: str | None,
    allow_private: bool,
    local: bool,
    publish_to: str | None,
    no_publish: bool,
    max_drop: float,
    redis_url: str | None,
    verbose: bool,
    db_path: str,
) -> None:
    """The unattended run: lock, recover, crawl incrementally, process, publish.

    Exits 0 when everything worked, 75 when another run holds the lock, 8 when Redis
    (--redis) is unavailable, 1 on other failures (the reason on stderr and in
    crawl_runs.message)."""
    from archive.lock import LockHeld
    from nianbao.nightly import NightlyFailed, default_publish_path, run_nightly

    if urls:
        targets = [(url, None) for url in urls]
    else:
        entries = _registry_entries(registry_path, site_names, province, None)
        if not entries:
            raise click.UsageError(f"no registry site matches --province {province}")
        targets = [entry.target for entry in entries]
    target = None if no_publish else (publish_to or default_publish_path(db_path))
    try:
        result = run_nightly(
            db_path,
            targets,
            publish_to=target,
            allow_private=allow_private,
            local=local,
            max_drop=max_drop,
            verbose=verbose,
            redis_url=redis_url,
        )
    except LockHeld as exc:
        echo(f"nightly: {exc}")
        sys.exit(EXIT_LOCKED)
    except NightlyFailed as exc:
        echo(f"nightly FAILED: {exc}")
        sys.exit(exc.exit_code)
    for note in result.recovered:
        echo(f"recovered from an earlier run: {note}")
    c = result.counts
    echo(
        f"nightly run {result.run_id}: {result.status}, {c['pages']} pages ({c['not_modified']}"
        f" not modified), {c['reports_new']} new, {c['reports_changed']} changed, "
        f"{c['reports_removed']} removed reports, {c['errors']} errors"
        + (f"; published {result.published}" if result.published else "")
    )


@main.command()
@click.option(
    "--redis",
    "redis_url",
    required=True,
    metavar="URL",
    help="The coordinator's Redis, redis://:PASSWORD@HOST:6379/0 (a URL without a password "
    "takes $NIANBAO_REDIS_PASSWORD).",
)
@click.option(
    "--wait",
    default=0.0,
    show_default=True,
    help="Seconds to wait for a run to join (0: wait as long as it takes).",
)
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting for this worker (e.g. CONCURRENT_REQUESTS=8).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def worker(redis_url: str, wait: float, overrides: tuple[str, ...], verbose: bool) -> None:
    """Crawl for a distributed run (`nianbao crawl --redis` / `nightly --redis` on the
    archive's machine), then exit. Exits 0, 8 when Redis is unavailable, 3 when no run came
    within --wait. Writes no archive: every capture goes to the coordinator through Redis."""
    from nianbao.distributed import EXIT_REDIS, RedisUnavailable, run_worker

    settings = {}
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep:
            raise click.UsageError(f"-s takes NAME=VALUE, not {pair!r}")
        settings[name] = value
    try:
        code = run_worker(redis_url, wait=wait, overrides=settings, verbose=verbose)
    except RedisUnavailable as exc:
        echo(f"worker FAILED: {exc}")
        sys.exit(EXIT_REDIS)
    sys.exit(code)
