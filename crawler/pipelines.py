"""The crawler's only exit: every captured response goes into the archive."""

from __future__ import annotations

import logging
import sys
from dataclasses import asdict
from pathlib import Path

from scrapy.crawler import Crawler

from archive.captures import record_capture, utcnow
from archive.db import open_db
from archive.listings import previous_run, save_listing, save_sweep
from archive.store import BlobStore
from archive.warc import DEFAULT_MAX_SIZE, WarcWriter
from crawler.items import Capture, Listing

log = logging.getLogger(__name__)


def blob_root(db_path: str, configured: str | None) -> Path:
    return Path(configured) if configured else Path(db_path).parent / "blobs"


def warc_root(db_path: str, configured: str | None = None) -> Path:
    """Where the WARC files live: a warc/ folder beside the database, like blobs/."""
    return Path(configured) if configured else Path(db_path).parent / "warc"


class ArchiveWriter:
    """Write `Capture` and `Listing` items into the archive (blob, WARC, `captures`,
    `listings`): the one way crawled data enters it, whether the items come from a spider
    in this process (ArchivePipeline) or from distributed workers (nianbao.distributed)."""

    def __init__(
        self,
        db_path: str,
        blobs: Path,
        run_id: int | None,
        warcs: Path | None = None,
        warc_max_size: int = DEFAULT_MAX_SIZE,
        stats=None,
    ) -> None:
        self.db_path = db_path
        self.blobs = blobs
        self.warcs = warcs or warc_root(db_path)
        self.warc_max_size = warc_max_size
        self.run_id = run_id
        self.stats = stats
        self.counts: dict[str, int] = {}
        self.previous_runs: dict[str | None, int | None] = {}

    def open(self) -> None:
        self.db = open_db(self.db_path)
        self.store = BlobStore(self.blobs)
        self.warc = WarcWriter(self.warcs, run_id=self.run_id, max_size=self.warc_max_size)

    def close(self, sweeps: dict[str, dict[str, int]] | None = None) -> None:
        """Close the WARC file; record each site's list sweep ({site: sweep_summary()})."""
        self.warc.close()
        for site, summary in (sweeps or {}).items():
            save_sweep(self.db, self.run_id, site, finished=utcnow(), **summary)
        self.db.close()

    def write(self, item: Capture | Listing) -> None:
        if isinstance(item, Listing):
            if item.site not in self.previous_runs:  # asked before this run's first listing
                self.previous_runs[item.site] = previous_run(self.db, item.site, self.run_id)
            save_listing(
                self.db, self.run_id, **asdict(item), previous=self.previous_runs[item.site]
            )
            return
        record_capture(
            self.db,
            self.store,
            url=item.url,
            status=item.status,
            headers=item.headers,
            body=item.body,
            role=item.role,
            final_url=item.final_url,
            method=item.method,
            referer=item.referer,
            site=item.site,
            run_id=self.run_id,
            fetched_at=item.fetched_at,
            request_headers=item.request_headers,
            warc=self.warc,
        )
        self.counts[item.role] = self.counts.get(item.role, 0) + 1
        if self.stats is not None:
            self.stats.inc_value(f"nianbao/captures/{item.role}")
        total = sum(self.counts.values())
        lists = self.counts.get("list", 0) + self.counts.get("column", 0)
        details = self.counts.get("detail", 0)
        print(
            f"[nianbao] fetched {total} pages ({lists} list, {details} detail) "
            f"{item.status} {item.url}",
            file=sys.stderr,
            flush=True,
        )


class ArchivePipeline:
    """Write each item of this process's spider into the archive, and show progress."""

    def __init__(self, writer: ArchiveWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        db_path = settings.get("NIANBAO_DB")
        writer = ArchiveWriter(
            db_path,
            blob_root(db_path, settings.get("NIANBAO_BLOBS")),
            settings.getint("NIANBAO_RUN_ID") or None,
            warc_root(db_path, settings.get("NIANBAO_WARC_DIR")),
            settings.getint("NIANBAO_WARC_MAX_SIZE") or DEFAULT_MAX_SIZE,
            stats=crawler.stats,
        )
        return cls(writer, crawler)

    def open_spider(self) -> None:
        self.writer.open()

    def close_spider(self) -> None:
        spider = self.crawler.spider
        sweeps = None
        if spider is not None and hasattr(spider, "sweep_summary"):
            sweeps = {spider.site: spider.sweep_summary()}
        self.writer.close(sweeps)

    def process_item(self, item: Capture | Listing) -> Capture | Listing:
        self.writer.write(item)
        return item
