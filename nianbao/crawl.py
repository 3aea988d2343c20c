"""Running a Scrapy crawl in-process and recording it as a run of the archive."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from archive.captures import utcnow
from archive.db import open_db
from archive.runs import finish_run, start_run

# Politeness off: only for sites we run ourselves (the simulated web, benchmarks).
LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RANDOMIZE_DOWNLOAD_DELAY": False,
}


@dataclass
class CrawlResult:
    run_id: int
    status: str
    pages: int
    detail_pages: int
    errors: int


def record_site(db: sqlite_utils.Database, home_url: str | None, column_url: str | None) -> None:
    """Keep the `sites` table in step with what was crawled (the registry arrives later)."""
    netloc = urlsplit(home_url or column_url or "").netloc
    existing = next(db.table("sites").rows_where("id = ?", [netloc]), None)
    now = utcnow()
    row = {"id": netloc, "home_url": home_url, "column_url": column_url, "last_crawled": now}
    row["first_crawled"] = existing["first_crawled"] if existing else now
    with db.conn:
        db.table("sites").upsert(row, pk="id")


def project_settings() -> dict:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    return get_project_settings()


def run_crawl(
    db_path: str | Path,
    *,
    start_url: str | None = None,
    column_url: str | None = None,
    allow_private: bool = False,
    local: bool = False,
    verbose: bool = False,
    kind: str = "crawl",
    extra_settings: dict | None = None,
) -> CrawlResult:
    """Crawl one site into the archive at `db_path`. Runs the Twisted reactor: once per process."""
    from crawler.spiders.discover import DiscoverySpider

    db = open_db(db_path)
    run_id = start_run(db, kind, start_url or column_url or "")
    record_site(db, start_url, column_url)
    db.close()

    settings = project_settings()
    overrides = {
        "NIANBAO_DB": str(db_path),
        "NIANBAO_RUN_ID": run_id,
        "NIANBAO_ALLOW_PRIVATE": allow_private,
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
        **(LOCAL_SETTINGS if local else {}),
        **(extra_settings or {}),
    }
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=verbose)
    if not verbose:
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    crawler = process.create_crawler(DiscoverySpider)
    process.crawl(crawler, start_url=start_url, column_url=column_url)
    process.start()

    stats = crawler.stats.get_stats() if crawler.stats else {}
    pages = sum(v for k, v in stats.items() if k.startswith("nianbao/captures/"))
    errors = int(stats.get("log_count/ERROR", 0)) + int(stats.get("spider_exceptions/count", 0))
    reason = str(stats.get("finish_reason", "unknown"))
    status = "ok" if reason == "finished" and pages else "failed"
    detail = int(stats.get("nianbao/captures/detail", 0))
    db = open_db(db_path)
    finish_run(
        db,
        run_id,
        status,
        pages=pages,
        detail_pages=detail,
        errors=errors,
        message=f"finish_reason={reason}",
    )
    db.close()
    return CrawlResult(run_id, status, pages, detail, errors)
