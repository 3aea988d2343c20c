"""`nianbao bench`: every stage measured against its ceiling, in one run, as ratios.

Each figure is taken several times after a warm-up and reported as median, min and max,
next to the ratio that matters (our pipeline vs a bare Scrapy spider fetching the same
pages). Crawls run in subprocesses because the Twisted reactor runs once per process;
timings are taken inside them (engine start to close), so interpreter start-up is not
counted in pages per second.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import ClassVar

import click

PACKAGES = ("scrapy", "twisted", "trafilatura", "lxml", "sqlite-utils", "datasette")
NOT_YET = [
    ("PDF pages/s (text, tables, OCR), DOCX", "document readers (issue 4)"),
    ("nightly second run vs first: requests and bytes", "incremental nightly runs (issue 6)"),
    ("Datasette latency on a 200,000-report archive", "publishing (issue 7)"),
    ("1, 2, 4 distributed workers", "scrapy-redis (distributed crawling)"),
    ("peak RSS of `nianbao process --all`", "re-processing (issue 6)"),
]


@dataclass
class Figure:
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    def row(self) -> str:
        s = self.samples
        return (
            f"| {self.name} | {statistics.median(s):.2f} | {min(s):.2f} | {max(s):.2f} "
            f"| {self.unit} | {len(s)} | {self.note} |"
        )


def repeat(fn: Callable[[], float], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [fn() for _ in range(runs)]


# -- parsers ---------------------------------------------------------------------------


def site_documents() -> list[tuple[bytes, str]]:
    """Every detail page of the simulated site, as served (bytes, content type)."""
    from simweb.base import Request

    with _web() as web:
        site = web.sites["trs"]
        urls = [r["url"] for r in web.manifest("trs")["reports"]]
        base = web.base_url("trs")
    docs = []
    for url in urls:
        response = site.handle(Request("GET", url[len(base) :], {}, {}))
        docs.append((response.body, response.headers.get("Content-Type", "")))
    return docs


def bench_parsers(runs: int) -> list[Figure]:
    from parsers.report import parse_document

    docs = site_documents()

    def once() -> float:
        start = time.perf_counter()
        for body, ctype in docs:
            parse_document(body, content_type=ctype)
        return len(docs) / (time.perf_counter() - start)

    return [
        Figure(
            "HTML reports parsed per second, one core",
            "reports/s",
            repeat(once, runs),
            f"{len(docs)} report pages of the simulated site",
        )
    ]


# -- crawl -----------------------------------------------------------------------------


def _web():
    from simweb.server import running

    return running()


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "nianbao.bench", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_crawl(runs: int) -> list[Figure]:
    full_rate, bare_rate, ratio, full_rss, bare_rss = [], [], [], [], []
    with _web() as web, tempfile.TemporaryDirectory() as tmp:
        home = web.base_url("trs") + "/"
        for i in range(runs + 1):
            db = Path(tmp) / f"run{i}.db"
            full = _child("full", home, str(db))
            urls = Path(tmp) / f"urls{i}.json"
            urls.write_text(json.dumps(full["urls"]))
            bare = _child("bare", str(urls))
            if i == 0:
                continue  # warm-up: disk caches, .pyc files
            full_rate.append(full["pages"] / full["seconds"])
            bare_rate.append(bare["pages"] / bare["seconds"])
            ratio.append(full_rate[-1] / bare_rate[-1])
            full_rss.append(full["max_rss_mb"])
            bare_rss.append(bare["max_rss_mb"])
        pages = full["pages"]
    note = f"{pages} pages of the simulated TRS site on 127.0.0.1, politeness off"
    return [
        Figure("(a) bare Scrapy spider, same pages", "pages/s", bare_rate, note),
        Figure("(b) full pipeline: crawl, archive, parse, store", "pages/s", full_rate, note),
        Figure("b/a", "ratio", ratio, "1.0 = no overhead over fetching"),
        Figure("peak RSS, full pipeline crawl of the simulated web", "MB", full_rss),
        Figure("peak RSS, bare spider", "MB", bare_rss),
    ]


def child_full(home: str, db: str) -> dict:
    from archive.db import open_db
    from archive.process import process_captures
    from archive.store import BlobStore
    from crawler.pipelines import blob_root
    from nianbao.crawl import run_crawl

    start = time.perf_counter()
    result = run_crawl(db, start_url=home, allow_private=True, local=True)
    conn = open_db(db)
    process_captures(conn, BlobStore(blob_root(db, None)))
    seconds = time.perf_counter() - start
    urls = [r["url"] for r in conn.query("select url from captures")]
    return {"pages": result.pages, "seconds": seconds, "urls": urls}


def child_bare(url_file: str) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from nianbao.crawl import LOCAL_SETTINGS

    urls = json.loads(Path(url_file).read_text())

    class Bare(scrapy.Spider):
        name = "bare"
        custom_settings: ClassVar[dict] = {"HTTPERROR_ALLOW_ALL": True, "REDIRECT_ENABLED": False}

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, dont_filter=True)

        def parse(self, response):
            return None

    process = CrawlerProcess(
        {**LOCAL_SETTINGS, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False}
    )
    start = time.perf_counter()
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    seconds = time.perf_counter() - start
    pages = crawler.stats.get_value("response_received_count", 0)
    return {"pages": pages, "seconds": seconds}


# -- report ----------------------------------------------------------------------------


def machine() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    return (
        f"{os.cpu_count()} cores, {mem_gb:.0f} GiB, {platform.platform()}, "
        f"Python {platform.python_version()}; {versions}"
    )


def write_report(figures: list[Figure], path: Path, seconds: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {seconds:.0f} s.",
        f"Machine: {machine()}.",
        "",
        "Each figure: several runs after a warm-up; median, min and max of the runs. Ratios are",
        "taken within the same run on the same machine; absolute numbers vary with load.",
        "",
        "| figure | median | min | max | unit | runs | notes |",
        "|---|---|---|---|---|---|---|",
        *(f.row() for f in figures),
        "",
        "## Not measured yet",
        "",
        *(f"- {what}: needs {why}." for what, why in NOT_YET),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


@click.command()
@click.option("--runs", default=5, show_default=True, help="Measured runs per figure.")
@click.option("--out", default="BENCHMARKS.md", show_default=True, type=click.Path())
def bench(runs: int, out: str) -> None:
    """Measure parsers and the crawl path; write BENCHMARKS.md."""
    start = time.perf_counter()
    figures = bench_parsers(runs) + bench_crawl(runs)
    write_report(figures, Path(out), time.perf_counter() - start)
    for figure in figures:
        click.echo(figure.row())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    result = child_full(*rest) if kind == "full" else child_bare(*rest)
    result["max_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))
