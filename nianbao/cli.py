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


@click.group()
@click.version_option(package_name="nianbao")
def main() -> None:
    """Archive crawler for 政府信息公开工作年度报告."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full result as one JSON object.")
@click.option("--text/--no-text", default=False, help="Include the extracted text in the JSON.")
def parse(file: str, as_json: bool, text: bool) -> None:
    """Parse one local document (HTML or text) and print what the parsers read."""
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
@click.option("--url", "start_url", help="Home page of the site to crawl.")
@click.option("--column-url", help="The site's 年报 column, if known.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow loopback/private addresses (the simulated web needs this; nothing else should).",
)
@click.option("--local", is_flag=True, help="Politeness off: only for sites you run yourself.")
@click.option("--process/--no-process", default=True, help="Parse what was captured.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def crawl(
    start_url: str | None,
    column_url: str | None,
    allow_private: bool,
    local: bool,
    process: bool,
    verbose: bool,
    db_path: str,
) -> None:
    """Crawl one site's 年报 column into the archive, then parse the captures."""
    from nianbao.crawl import run_crawl

    if not start_url and not column_url:
        raise click.UsageError("give --url (a home page) or --column-url")
    result = run_crawl(
        db_path,
        start_url=start_url,
        column_url=column_url,
        allow_private=allow_private,
        local=local,
        verbose=verbose,
    )
    echo(
        f"crawl run {result.run_id}: {result.status}, {result.pages} pages, "
        f"{result.detail_pages} detail pages, {result.errors} errors"
    )
    if process:
        _process(db_path, everything=False)
    if result.status != "ok":
        sys.exit(1)


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
        f"{summary.reports_updated} updated, {summary.not_reports} not reports, "
        f"{summary.errors} errors; {total} reports in {db_path}"
    )
    db.close()


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the archive with Datasette."""
    if not Path(db_path).exists():
        raise click.UsageError(
            f"{db_path} does not exist: run `nianbao crawl` or `nianbao demo` first"
        )
    _serve(db_path, host, port)


def _serve(db_path: str, host: str, port: int) -> None:
    from archive.publish import datasette_command

    echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        subprocess.run(datasette_command(db_path, host, port), check=True)


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
            f"run {run['id']:4} {run['kind']:6} {run['status']:8} {run['started']} "
            f"pages={run['pages']} {run['target']}"
        )


@main.command()
@click.option("--port", default=8101, show_default=True, help="Port of the simulated TRS site.")
def simweb(port: int) -> None:
    """Serve the simulated government web on 127.0.0.1 until Ctrl-C."""
    import time

    from simweb.server import running

    with running({"trs": port}) as web:
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
@click.option("--web-port", default=8101, show_default=True, help="Port of the simulated site.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def demo(db_path: str, serve: bool, port: int, web_port: int, verbose: bool) -> None:
    """Start the simulated web, crawl it, parse, build the database, serve it."""
    from nianbao.crawl import run_crawl
    from simweb.server import running

    _clear_demo_db(Path(db_path))
    with running({"trs": _free_or_any(web_port)}) as web:
        home = web.base_url("trs") + "/"
        echo(f"simulated government web at {home}")
        result = run_crawl(
            db_path,
            start_url=home,
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


def _free_or_any(port: int) -> int:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return 0
    return port


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
    shutil.rmtree(db_path.parent / "blobs", ignore_errors=True)


def _register_bench() -> None:
    from nianbao.bench import bench

    main.add_command(bench)


_register_bench()
