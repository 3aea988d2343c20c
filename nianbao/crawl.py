"""Running a Scrapy crawl in-process and recording it as a run of the archive."""

from __future__ import annotations

import json
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
    # our own sites answer in milliseconds; a page slower than this is a trap (S10 /slow/)
    "DOWNLOAD_TIMEOUT": 3,
}


@dataclass
class CrawlResult:
    run_id: int
    status: str
    pages: int
    detail_pages: int
    errors: int
    blocked_hosts: dict[str, str] | None = None


def registry_entry(home_url: str | None, column_url: str | None):
    """The registry entry (crawler/sites.yaml) crawled as (home, column), if there is one."""
    from crawler.registry import RegistryError, load_registry

    try:
        entries = load_registry()
    except RegistryError:
        return None
    return next((e for e in entries if e.target == (home_url, column_url)), None)


def record_site(db: sqlite_utils.Database, home_url: str | None, column_url: str | None) -> None:
    """Keep the `sites` table in step with what was crawled.

    A registry site is keyed by its name and carries its agency/province/level/platform; any
    other site (the simulated web, a one-off `--url`) is keyed by its host."""
    entry = registry_entry(home_url, column_url)
    site_id = entry.name if entry else urlsplit(home_url or column_url or "").netloc
    existing = next(db.table("sites").rows_where("id = ?", [site_id]), None)
    now = utcnow()
    row = {"id": site_id, "home_url": home_url, "column_url": column_url, "last_crawled": now}
    if entry:
        row.update(
            name=entry.name,
            agency=entry.agency,
            province=entry.province,
            level=entry.level,
            platform=entry.platform,
        )
    row["first_crawled"] = existing["first_crawled"] if existing else now
    with db.conn:
        db.table("sites").upsert(row, pk="id", alter=True)


def project_settings() -> dict:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    return get_project_settings()


def run_crawl(
    db_path: str | Path,
    *,
    start_url: str | None = None,
    column_url: str | None = None,
    targets: list[tuple[str | None, str | None]] | None = None,
    allow_private: bool = False,
    local: bool = False,
    verbose: bool = False,
    kind: str = "crawl",
    extra_settings: dict | None = None,
    redis_url: str | None = None,
) -> CrawlResult:
    """Crawl sites into the archive at `db_path`, all in one run and one reactor.

    `targets` lists (home URL, column URL) pairs; `start_url`/`column_url` is the one-site
    shorthand. Each site gets its own spider so per-site state (allowed domain, columns
    seen) never mixes; they run concurrently, as hosts are independent. The Twisted reactor
    runs once per process, so this is called once per process.

    With `redis_url` the spiders run on `nianbao worker` processes and this process only
    coordinates and writes the archive (nianbao.distributed); RedisUnavailable is raised
    after the run is recorded as failed.
    """
    from crawler.spiders.discover import DiscoverySpider

    targets = targets or [(start_url, column_url)]
    db = open_db(db_path)
    run_id = start_run(db, kind, " ".join(home or column or "" for home, column in targets))
    for home, column in targets:
        record_site(db, home, column)
    db.close()

    if redis_url:
        return _coordinate(db_path, run_id, targets, redis_url, allow_private, local)

    settings = project_settings()
    overrides = {
        "NIANBAO_DB": str(db_path),
        "NIANBAO_RUN_ID": run_id,
        "NIANBAO_ALLOW_PRIVATE": allow_private,
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": verbose,
        **(LOCAL_SETTINGS if local else {}),
        **(extra_settings or {}),
    }
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    if not verbose:
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    crawlers = []
    for home, column in targets:
        crawler = process.create_crawler(DiscoverySpider)
        process.crawl(crawler, start_url=home, column_url=column)
        crawlers.append(crawler)
    process.start()

    pages = detail = errors = 0
    reasons = []
    blocked: dict[str, str] = {}
    for crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        blocked.update(stats.get("nianbao/blocked_hosts") or {})
        pages += sum(v for k, v in stats.items() if k.startswith("nianbao/captures/"))
        detail += int(stats.get("nianbao/captures/detail", 0))
        errors += int(stats.get("log_count/ERROR", 0)) + int(
            stats.get("spider_exceptions/count", 0)
        )
        reasons.append(str(stats.get("finish_reason", "unknown")))
    status = "ok" if pages and all(r == "finished" for r in reasons) else "failed"
    if not pages and blocked:
        status = "blocked"  # every host answered with a challenge: nothing to fetch
    db = open_db(db_path)
    finish_run(
        db,
        run_id,
        status,
        pages=pages,
        detail_pages=detail,
        errors=errors,
        blocked_hosts=json.dumps(blocked, ensure_ascii=False, sort_keys=True) if blocked else None,
        message="finish_reason=" + ",".join(reasons),
    )
    db.close()
    return CrawlResult(run_id, status, pages, detail, errors, blocked)


def _coordinate(
    db_path: str | Path,
    run_id: int,
    targets: list[tuple[str | None, str | None]],
    redis_url: str,
    allow_private: bool,
    local: bool,
) -> CrawlResult:
    """The distributed run: workers crawl, this process writes what they send."""
    from crawler.pipelines import ArchiveWriter, blob_root, warc_root
    from nianbao.distributed import RedisUnavailable, RunTimedOut, run_coordinator

    writer = ArchiveWriter(
        str(db_path), blob_root(str(db_path), None), run_id, warc_root(str(db_path))
    )
    writer.open()
    status, message, counts = "failed", "", {}
    try:
        counts = run_coordinator(
            writer,
            run_id,
            targets,
            redis_url,
            worker_settings={
                "NIANBAO_ALLOW_PRIVATE": allow_private,
                **(LOCAL_SETTINGS if local else {}),
            },
        )
        pages = counts.get("capture", 0)
        status = "ok" if pages else "failed"
        message = (
            f"distributed: {pages} captures, {counts.get('listing', 0)} listings, "
            f"{counts.get('requeued', 0)} expired leases requeued"
        )
        if counts.get("rejected"):
            message += f", {counts['rejected']} malformed messages rejected"
    except RunTimedOut as exc:
        message = str(exc)  # failed: nothing is published after it
    except RedisUnavailable as exc:
        message = str(exc)
        raise
    finally:
        # a list sweep split over workers is not known to be complete: recorded as
        # incomplete, so no report is concluded removed from its absence in a list
        sites = {urlsplit(home or column or "").netloc for home, column in targets}
        writer.close({site: {"list_pages": 0, "failed": 0, "complete": 0} for site in sites})
        db = open_db(db_path)
        finish_run(
            db,
            run_id,
            status,
            pages=counts.get("capture", 0),
            detail_pages=writer.counts.get("detail", 0),
            errors=0 if status == "ok" else 1,
            message=message,
        )
        db.close()
    return CrawlResult(run_id, status, counts.get("capture", 0), writer.counts.get("detail", 0), 0)
