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
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import click

PACKAGES = ("scrapy", "twisted", "trafilatura", "lxml", "sqlite-utils", "datasette")
NOT_YET = [
    ("1, 2, 4 distributed workers", "scrapy-redis (distributed crawling)"),
]

# The generated archive is built once (15-25 minutes for 200,000 reports on 2 cores) and
# kept under data/bench/, named by a fingerprint of the code that shapes it, so later
# runs of `make bench` measure Datasette without rebuilding it.
PUBLISH_REPORTS = 200_000
BENCH_DIR = Path("data") / "bench"


@dataclass
class Figure:
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    note: str = ""
    p95: bool = False  # latencies: also the 95th percentile of the samples

    def percentile(self, q: float) -> float:
        s = sorted(self.samples)
        return s[min(len(s) - 1, max(0, round(q * len(s) + 0.5) - 1))]  # nearest rank

    def row(self) -> str:
        s = self.samples
        p95 = f"{self.percentile(0.95):.2f}" if self.p95 else "–"
        return (
            f"| {self.name} | {statistics.median(s):.2f} | {p95} | {min(s):.2f} | {max(s):.2f} "
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

    def cpu_once() -> float:
        # process CPU time, which other work on a shared machine disturbs less than the clock
        start = time.process_time()
        for body, ctype in docs:
            parse_document(body, content_type=ctype)
        return (time.process_time() - start) * 1000 / len(docs)

    figures = [
        Figure(
            "HTML reports parsed per second, one core",
            "reports/s",
            repeat(once, runs),
            f"{len(docs)} report pages of the simulated site",
        ),
        Figure(
            "HTML parse, CPU time per report",
            "ms",
            repeat(cpu_once, runs),
            f"{len(docs)} report pages of the simulated site (process CPU time)",
        ),
    ]
    fixtures = fixture_documents()
    if fixtures:

        def fixtures_once() -> float:
            start = time.perf_counter()
            for body, _ in fixtures:
                parse_document(body)
            return len(fixtures) / (time.perf_counter() - start)

        html = sum(1 for _, name in fixtures if name.endswith((".html", ".htm")))
        figures.append(
            Figure(
                "real reports parsed per second, one core",
                "reports/s",
                repeat(fixtures_once, runs),
                f"{len(fixtures)} fixture reports and seeds ({html} HTML, the rest text)",
            )
        )
    return figures


def fixture_documents() -> list[tuple[bytes, str]]:
    """The real reports of tests/fixtures (reports and seeds), when run from a checkout."""
    root = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
    paths = sorted(root.glob("reports/*/input.*")) + sorted(
        p for p in (root / "seeds").glob("*") if not p.name.endswith(".json")
    )
    return [(p.read_bytes(), p.name) for p in paths]


# -- documents -------------------------------------------------------------------------

DOCUMENTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"


def bench_documents(runs: int) -> list[Figure]:
    """PDF pages per second (prose pages and table pages apart), DOCX documents per second,
    and what the forked sandbox adds to each binary document."""
    import pdfplumber

    from parsers.docx import read_docx
    from parsers.pdf import read_page
    from parsers.readers import read_document
    from parsers.sandbox import run_isolated

    pdfs = sorted(p for p in DOCUMENTS.glob("seed*.pdf") if "scan" not in p.name)
    docxs = [p.read_bytes() for p in sorted(DOCUMENTS.glob("seed*.docx"))]
    if not pdfs or not docxs:
        return []
    text_rates, table_rates = [], []
    for _ in range(runs + 1):
        spent = {"text": [0.0, 0], "tables": [0.0, 0]}
        for path in pdfs:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    start = time.perf_counter()
                    read = read_page(page)
                    page.close()
                    kind = "tables" if read.tables else "text"
                    spent[kind][0] += time.perf_counter() - start
                    spent[kind][1] += 1
        text_rates.append(spent["text"][1] / spent["text"][0])
        table_rates.append(spent["tables"][1] / spent["tables"][0])
    text_rates, table_rates = text_rates[1:], table_rates[1:]  # first run: warm-up

    def docx_rate() -> float:
        start = time.perf_counter()
        for data in docxs:
            read_docx(data)
        return len(docxs) / (time.perf_counter() - start)

    small = pdfs[0].read_bytes()

    def overhead_ms() -> float:
        start = time.perf_counter()
        read_document(small)
        isolated = time.perf_counter() - start
        start = time.perf_counter()
        from parsers.pdf import read_pdf

        read_pdf(small)
        return (isolated - (time.perf_counter() - start)) * 1000

    def fork_ms() -> float:
        start = time.perf_counter()
        run_isolated(len, b"")
        return (time.perf_counter() - start) * 1000

    hostile_seconds, hostile_mb = bench_hostile()
    note = f"pdfplumber, {len(pdfs)} seed reports rendered by LibreOffice, in-process"
    return [
        Figure("PDF pages read per second, prose pages", "pages/s", text_rates, note),
        Figure("PDF pages read per second, pages with tables", "pages/s", table_rates, note),
        Figure(
            "DOCX documents read per second",
            "docs/s",
            repeat(docx_rate, runs),
            f"python-docx, {len(docxs)} seed reports, in-process",
        ),
        Figure(
            "sandbox: fork, rlimit, pickle back, per binary document",
            "ms",
            repeat(fork_ms, runs),
            "a child that returns at once",
        ),
        Figure(
            "sandbox: a PDF in the child minus the same PDF in-process",
            "ms",
            repeat(overhead_ms, runs),
            pdfs[0].name,
        ),
        Figure(
            "hostile files: seconds to a clear error",
            "s",
            hostile_seconds,
            "one sample per file: the fixtures' hostile-*, plus a 1.5 GB PDF stream bomb",
        ),
        Figure(
            "hostile files: memory the reader added",
            "MB",
            hostile_mb,
            "peak RSS of the sandbox child over what it inherited; issue 4 allows 500",
        ),
    ]


def bench_ocr(runs: int) -> list[Figure]:
    """OCR pages per second: Tesseract chi_sim on a scanned seed, rules found and erased,
    each table cell read on its own (parsers.ocr), in-process."""
    from parsers.ocr import ocr_pdf

    scan = DOCUMENTS / "seed003-scan.pdf"
    if not scan.exists():
        return []
    data = scan.read_bytes()

    def rate() -> float:
        start = time.perf_counter()
        pages = int(ocr_pdf(data).meta["ocr_pages"])
        return pages / (time.perf_counter() - start)

    # no warm-up run: each run is a whole scanned report, and Tesseract loads its model
    # per call anyway, so the first run is not slower than the rest
    samples = repeat(rate, max(1, min(runs, 3)), warmup=0)
    note = f"{scan.name}: 5 pages, 200 dpi bilevel scan rendered at 300 dpi, one thread"
    return [Figure("OCR pages read per second (scanned PDF)", "pages/s", samples, note)]


def _makedocs():
    """The test-document builders of tests/parsers (the checkout's, as for DOCUMENTS)."""
    import importlib.util

    path = DOCUMENTS.parent.parent / "parsers" / "makedocs.py"
    spec = importlib.util.spec_from_file_location("makedocs", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def bench_hostile() -> tuple[list[float], list[float]]:
    """Each hostile file read once: (seconds until its DocumentError, MB its child added)."""
    from parsers import sandbox
    from parsers.limits import DocumentError
    from parsers.readers import read_document

    files = [p.read_bytes() for p in sorted(DOCUMENTS.glob("hostile-*"))]
    files.append(_makedocs().stream_bomb_pdf(1500))
    seconds, mb = [], []
    for data in files:
        start = time.perf_counter()
        try:
            read_document(data, filename="download.jsp")
        except DocumentError:
            pass
        else:
            continue  # a readable file (HTML named .pdf): no error to time
        seconds.append(time.perf_counter() - start)
        stats = sandbox.last_stats
        mb.append(stats.added_rss_bytes / 2**20 if stats else 0.0)
    return seconds, mb


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
            full = _child("full", str(db), home)
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
        # the whole simulated web once, for memory: the bare spider cannot replay the
        # POSTed list pages of Hanweb, so the speed ratio above is taken on TRS alone
        homes = [web.base_url(name) + "/" for name in web.sites]
        whole = _child("full", str(Path(tmp) / "whole.db"), *homes)
        reprocess = _child("reprocess", str(Path(tmp) / "whole.db"))
    note = f"{pages} pages of the simulated TRS site on 127.0.0.1, politeness off"
    return [
        Figure("(a) bare Scrapy spider, same pages", "pages/s", bare_rate, note),
        Figure("(b) full pipeline: crawl, archive, parse, store", "pages/s", full_rate, note),
        Figure("b/a", "ratio", ratio, "1.0 = no overhead over fetching"),
        Figure("peak RSS, full pipeline crawl of the TRS site", "MB", full_rss),
        Figure(
            "peak RSS, full pipeline crawl of the whole simulated web",
            "MB",
            [whole["max_rss_mb"]],
            f"{len(homes)} sites, {whole['pages']} pages, one run",
        ),
        Figure(
            "peak RSS, `nianbao process --all` of that crawl",
            "MB",
            [reprocess["max_rss_mb"]],
            f"{reprocess['captures']} captures re-parsed in {reprocess['seconds']:.1f} s, one run",
        ),
        Figure("peak RSS, bare spider", "MB", bare_rss),
    ]


# -- nightly ---------------------------------------------------------------------------
NIGHTLY_RUNS = 3  # each measured run is two whole nightly runs (~40 s); 3 keep `make bench` short


def bench_nightly(runs: int) -> list[Figure]:
    """The second `nianbao nightly` on an unchanged simulated web, against the first one.

    Requests and bytes are what the simulated sites served (bodies), counted by the sites
    themselves; the second run revalidates list pages (304s) and skips known items.
    """
    requests, sizes, first_s, second_s = [], [], [], []
    runs = min(runs, NIGHTLY_RUNS)
    for _ in range(runs):
        with _web() as web, tempfile.TemporaryDirectory() as tmp:
            homes = [a for name in web.sites for a in ("--url", web.base_url(name) + "/")]
            command = [sys.executable, "-m", "nianbao", "nightly", *homes, "--allow-private"]
            command += ["--local", "--db", str(Path(tmp) / "archive.db")]
            served = []
            for seconds in (first_s, second_s):
                before = (web.log.count(), web.log.bytes_sent())
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True, timeout=600)
                seconds.append(time.perf_counter() - start)
                served.append((web.log.count() - before[0], web.log.bytes_sent() - before[1]))
        (req1, bytes1), (req2, bytes2) = served
        requests.append(100 * req2 / req1)
        sizes.append(100 * bytes2 / bytes1)
    note = (
        f"every simulated site; first run {req1} requests, {bytes1:,} bytes; "
        f"second {req2} requests, {bytes2:,} bytes (aim: ≤ 20% and ≤ 5%)"
    )
    return [
        Figure("nightly, unchanged web: second run's requests / first's", "%", requests, note),
        Figure("nightly, unchanged web: second run's bytes / first's", "%", sizes, note),
        Figure("nightly first run (crawl, process, publish)", "s", first_s, "whole command"),
        Figure("nightly second run, unchanged web", "s", second_s, "whole command"),
    ]


def child_full(db: str, *homes: str) -> dict:
    from archive.db import open_db
    from archive.process import process_captures
    from archive.store import BlobStore
    from crawler.pipelines import blob_root
    from nianbao.crawl import run_crawl

    start = time.perf_counter()
    targets = [(home, None) for home in homes]
    result = run_crawl(db, targets=targets, allow_private=True, local=True)
    conn = open_db(db)
    process_captures(conn, BlobStore(blob_root(db, None)))
    seconds = time.perf_counter() - start
    urls = [r["url"] for r in conn.query("select url from captures")]
    return {"pages": result.pages, "seconds": seconds, "urls": urls}


def child_reprocess(db: str) -> dict:
    """What `nianbao process --all` does, measured in its own process."""
    from archive.db import open_db
    from archive.process import process_captures
    from archive.store import BlobStore
    from crawler.pipelines import blob_root

    start = time.perf_counter()
    summary = process_captures(open_db(db), BlobStore(blob_root(db, None)), everything=True)
    return {"captures": summary.captures, "seconds": time.perf_counter() - start}


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


# -- publishing ----------------------------------------------------------------------

SEARCH_TERMS = {
    2: ["司法", "复议", "诉讼", "预算", "信访", "公开", "申请", "政务"],
    4: [
        "行政复议",
        "政务公开",
        "行政诉讼",
        "政府信息",
        "公共服务",
        "法律援助",
        "规范性文",
        "依法行政",
    ],
}
PUBLISH_NOTE = "Datasette test client in-process, served as `nianbao serve --public`"


def sampled_words(conn, length: int, count: int, rng) -> list[str]:
    """`count` distinct words of `length` Chinese characters, each cut at a random place of a
    random report's text: common words come up as often as readers meet them, and no two
    requests share a word, so none is answered from the search plugin's cache."""
    han = re.compile(f"[\u4e00-\u9fff]{{{length}}}")
    words: list[str] = []
    (last,) = conn.execute("select max(rowid) from reports").fetchone()
    while len(words) < count:
        (text,) = conn.execute(
            "select text from reports where rowid >= ? order by rowid limit 1",
            [rng.randint(1, last)],
        ).fetchone()
        match = han.search(text or "", rng.randrange(max(1, len(text or "") - length)))
        if match and match.group() not in words:
            words.append(match.group())
    return words


def publish_requests(path: Path, count: int, seed: int = 0) -> dict[str, list[str]]:
    """`count` request paths for each kind of page a reader asks for, varied where it can be."""
    import random
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute("select id from reports order by random() limit ?", [count])]
    provinces = [r[0] for r in conn.execute("select distinct province from reports")]
    two, four, canned = (sampled_words(conn, n, count, rng) for n in (2, 4, 3))
    conn.close()
    db = path.stem
    facets = "_facet=province&_facet=level&_facet=year&_facet=format"
    return {
        "reports table page with facets (province, level, year, format)": [
            f"/{db}/reports?{facets}" for _ in range(count)
        ],
        "reports table page with facets, one province": [
            f"/{db}/reports?{facets}&" + urlencode({"province": rng.choice(provinces)})
            for _ in range(count)
        ],
        "search box, two-character words (trigrams that begin with them)": [
            f"/{db}/reports?" + urlencode({"_search": w}) for w in two
        ],
        "search box, four-character words (trigram FTS5)": [
            f"/{db}/reports?" + urlencode({"_search": w}) for w in four
        ],
        "search box, two words of four characters": [
            f"/{db}/reports?" + urlencode({"_search": f"{a} {b}"})
            for a, b in zip(four, four[1:] + four[:1], strict=True)
        ],
        "search box, named words (cached after their first search)": [
            f"/{db}/reports?" + urlencode({"_search": rng.choice(SEARCH_TERMS[rng.choice([2, 4])])})
            for _ in range(count)
        ],
        "report row page": [f"/{db}/reports/{i}" for i in ids],
        "canned query failing_checks": [f"/{db}/failing_checks" for _ in range(count)],
        "canned query applications_by_province_year": [
            f"/{db}/applications_by_province_year" for _ in range(count)
        ],
        **{
            f"canned query {name}": [f"/{db}/{name}" for _ in range(count)]
            for name in ("late_reports", "changed_reports", "missing_years")
        },
        "canned query search, three-character words": [
            f"/{db}/search?" + urlencode({"q": w}) for w in canned
        ],
    }


def measure_latencies(path: Path, requests: dict[str, list[str]]) -> dict[str, tuple[list, list]]:
    """Per kind: (latencies in ms, status codes), after one unmeasured request of each."""
    import asyncio

    from archive.publish import public_datasette

    ds = public_datasette(path)

    async def run():
        for urls in requests.values():
            await ds.client.get(urls[0])  # warm-up: templates, plugin, page cache
        out = {}
        for kind, urls in requests.items():
            ms, codes = [], []
            for url in urls:
                start = time.perf_counter()
                response = await ds.client.get(url)
                ms.append((time.perf_counter() - start) * 1000)
                codes.append(response.status_code)
                if response.status_code == 200 and "interrupted" in response.text[:200000]:
                    codes[-1] = "timeout"
            out[kind] = (ms, codes)
        return out

    return asyncio.run(run())


def archive_fingerprint(n: int, seed: int = 0) -> str:
    """Names a generated archive by what shapes it: its size and seed, the generator, the
    schema, and the search index's layout (not the code that queries it)."""
    import hashlib
    import inspect

    from archive import db, fts, short_terms, summaries
    from nianbao import archive_gen

    digest = hashlib.sha256(f"{n}:{seed}".encode())
    for module in (archive_gen, db, short_terms, summaries):
        digest.update(Path(module.__file__).read_bytes())
    shape = [fts.ensure_fts, fts._all_terms, fts._pending_terms, fts.trigrams, fts.drop_index]
    shape += [fts._in_step, fts._schema_sql]
    digest.update("".join(inspect.getsource(f) for f in shape).encode())
    digest.update((fts._VIEW_SQL + "".join(fts._TRIGGERS.values()) + fts.END).encode())
    return digest.hexdigest()[:12]


def cached_archive(n: int, seed: int = 0) -> tuple[Path, dict]:
    """The generated archive of `n` reports under data/bench/, built if missing; its build
    figures (from the run that built it)."""
    from nianbao.archive_gen import build_archive

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"nianbao-{n}-{archive_fingerprint(n, seed)}.db"
    info_file = path.with_suffix(".build.json")
    if path.exists() and info_file.exists():
        return path, {**json.loads(info_file.read_text("utf-8")), "cached": True}
    for old in BENCH_DIR.glob(f"nianbao-{n}-*"):
        old.unlink()  # an archive of older code: its size is the point, so keep one
    partial = path.with_name("building-" + path.name)
    built = build_archive(partial, n, seed)
    partial.rename(path)
    info = {
        "seconds": built.seconds,
        "size_mb": built.size_mb,
        "cells": built.cells,
        "checks": built.checks,
        "full_applications": built.full_applications,
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
    }
    info_file.write_text(json.dumps(info), encoding="utf-8")
    return path, {**info, "cached": False}


def storage_mb(path: Path) -> dict[str, float]:
    """MB on disk of the report rows, the search indexes and the summaries (dbstat), kept
    beside the cached archive's build figures.

    Sizes are counted in pages: dbstat's `pgsize` sum wraps past 2 GiB in aggregate mode
    (the 200,000-report table read as -926 MB)."""
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (page,) = conn.execute("pragma page_size").fetchone()
        pages = dict(conn.execute("select name, pageno from dbstat where aggregate = 1"))
    finally:
        conn.close()

    def mb(*names: str) -> float:
        return sum(pages.get(n, 0) for n in names) * page / 2**20

    shadow = ("data", "idx", "docsize", "config")  # an FTS5 index's own tables
    return {
        "reports table": mb("reports"),
        "search index (FTS5 trigram)": mb(*(f"reports_fts_{n}" for n in shadow)),
        "short-word index (ideographs and pairs)": mb(*(f"reports_fts_short_{n}" for n in shadow)),
        "trigram term list (reports_fts_terms)": mb("reports_fts_terms"),
        "summary tables": mb("summary_applications", "summary_outcomes"),
    }


def chart_requests(path: Path, province: str) -> dict[str, str]:
    """The data requests the dashboard's charts make (what dashboards.js fetches)."""
    from datasette_dashboards import replace_opts_in_query

    from archive.publish import DASHBOARDS_PLUGIN, load_metadata

    dashboard = load_metadata(path.stem)["plugins"][DASHBOARDS_PLUGIN]["applications"]
    charts = dashboard["charts"]

    def url(chart: str, **options: str) -> str:
        sql = replace_opts_in_query(charts[chart]["query"], options)
        return f"/{path.stem}.json?" + urlencode({"sql": sql, **options, "_shape": "objects"})

    return {
        "chart: applications per year, national": url("trend"),
        "chart: applications per year, one province": url("trend", province=province),
        "chart: outcome mix by province, all years": url("outcomes"),
        "chart: outcome mix by province, one year": url("outcomes", year="2022"),
    }


def bench_publish(runs: int, n: int) -> list[Figure]:
    count = max(20, 5 * runs)
    path, built = cached_archive(n)
    cells = (
        "all 7 columns of every applications row"
        if built["full_applications"]
        else "applications stored as total + natural_person columns only (25 rows each)"
    )
    build_note = (
        f"generated in the real schema, then FTS5 trigram index and term list; "
        f"{built['cells']:,} application cells ({cells}), {built['checks']:,} checks; "
        f"built {built['built']} UTC" + (", cached in data/bench/" if built["cached"] else "")
    )
    figures = [
        Figure(f"archive build, {n:,} reports", "s", [built["seconds"]], build_note),
        Figure(f"archive size, {n:,} reports", "MB", [built["size_mb"]], "one file, FTS included"),
    ]
    if "storage_mb" not in built:
        built["storage_mb"] = storage_mb(path)
        info_file = path.with_suffix(".build.json")
        stored = json.loads(info_file.read_text("utf-8"))
        info_file.write_text(json.dumps({**stored, "storage_mb": built["storage_mb"]}))
    for part, mb in built["storage_mb"].items():
        figures.append(Figure(f"{part}, {n:,} reports", "MB", [mb], "dbstat, pages in use"))
    requests = publish_requests(path, count)
    for kind, url in chart_requests(path, "广东省").items():
        requests[kind] = [url] * count
    latencies = measure_latencies(path, requests)
    for kind, (ms, codes) in latencies.items():
        bad = Counter(str(c) for c in codes if c != 200)
        note = PUBLISH_NOTE + (
            "; " + ", ".join(f"{k}: {v}" for k, v in sorted(bad.items())) if bad else ""
        )
        figures.append(Figure(f"Datasette {n:,} reports: {kind}", "ms", ms, note, p95=True))
    return figures


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
        "Latencies are per request (runs = requests), with their 95th percentile (p95).",
        "",
        "| figure | median | p95 | min | max | unit | runs | notes |",
        "|---|---|---|---|---|---|---|---|",
        *(f.row() for f in figures),
        "",
        "## Not measured yet",
        "",
        *(f"- {what}: needs {why}." for what, why in NOT_YET),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def append_publish_report(figures: list[Figure], path: Path) -> None:
    """Add the published-archive figures to an existing BENCHMARKS.md as a section."""
    lines = [
        "",
        f"## Datasette on a generated archive (`nianbao bench --publish-only`, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {machine()}.",
        "",
        "| figure | median | p95 | min | max | unit | runs | notes |",
        "|---|---|---|---|---|---|---|---|",
        *(f.row() for f in figures),
        "",
    ]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    for figure in figures:
        click.echo(figure.row())


@click.command()
@click.option("--runs", default=5, show_default=True, help="Measured runs per figure.")
@click.option("--out", default="BENCHMARKS.md", show_default=True, type=click.Path())
@click.option(
    "--publish-reports",
    default=PUBLISH_REPORTS,
    show_default=True,
    help="Reports in the generated archive served with Datasette (0: skip).",
)
@click.option(
    "--publish-only",
    is_flag=True,
    help="Measure only the published archive and append its table to --out.",
)
def bench(runs: int, out: str, publish_reports: int, publish_only: bool) -> None:
    """Measure parsers, the crawl path and the published archive; write BENCHMARKS.md."""
    if publish_only:
        append_publish_report(bench_publish(runs, publish_reports), Path(out))
        return
    start = time.perf_counter()
    figures = bench_parsers(runs) + bench_documents(runs) + bench_crawl(runs)
    figures += bench_nightly(runs) + bench_ocr(runs)
    if publish_reports:
        figures += bench_publish(runs, publish_reports)
    write_report(figures, Path(out), time.perf_counter() - start)
    for figure in figures:
        click.echo(figure.row())


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    VmHWM, not getrusage: Linux carries ru_maxrss across fork and exec, so a child of the
    benchmark (which has loaded parsers and the gazetteer) would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    children = {"full": child_full, "bare": child_bare, "reprocess": child_reprocess}
    result = children[kind](*rest)
    result["max_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))
