"""Stand-in capture rows for archive tests that save parsed fixtures as reports, and the
small published archive the Datasette and browser tests read."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
EDU_URL = "http://edu.example.gov.cn/nb/2020.html"
GAP_URL = "http://longde.example.gov.cn/nb/2021.html"
REMOVED_URL = "http://pingliang.example.gov.cn/nb/2018-old.html"


def capture_row(url: str, n: int) -> dict:
    """The fields of a `captures` row that `archive.process.save_report` reads."""
    return {
        "id": None,
        "url": url,
        "fetched_at": f"2025-01-0{n}T00:00:00Z",
        "sha256": hashlib.sha256(url.encode()).hexdigest(),
        "site": "test",
    }


def education_report() -> dict:
    """A report with none of the seeds' words (司法, 复议), a failed check and a late date."""
    return {
        "is_annual_report": True,
        "title": "某县教育局2020年政府信息公开工作年度报告",
        "agency": "某县教育局",
        "province": "浙江省",
        "level": "county",
        "agency_kind": "department",
        "year": 2020,
        "format": "2019",
        "published": "2021-03-15",
        "text": "某县教育局2020年政府信息公开工作年度报告\n一、总体情况\n本机关全年公开教育教学信息120条。"
        "教育经费信息按时公开。",
        "applications": {"new_received": {"natural_person": 5, "total": 5}},
        "checks": [
            {"name": "applications.balance.total", "expected": 5, "actual": 6, "ok": False},
            {"name": "applications.row_total.new_received", "expected": 5, "actual": 5, "ok": True},
        ],
    }


def build_publish_archive(path: Path) -> Path:
    """The five seed reports, an education report (no 司法, a failed check, published late),
    a gap year, a removed report and an edited one with two revisions."""
    from archive.db import open_db
    from archive.fts import ensure_fts
    from archive.process import report_id, save_report
    from archive.summaries import refresh_summaries
    from parsers.report import parse_file

    db = open_db(path)
    parsed = {p.name[:3]: parse_file(p) for p in sorted(SEEDS.glob("*.txt"))}
    for i, (key, report) in enumerate(parsed.items()):
        save_report(db, capture_row(f"http://example.gov.cn/seed/{key}.html", i + 1), report)
    save_report(db, capture_row(EDU_URL, 6), education_report())
    gap = copy.deepcopy(parsed["003"])  # 隆德县司法局 2023 → also 2021, so 2022 is missing
    gap["year"] = 2021
    save_report(db, capture_row(GAP_URL, 7), gap)
    save_report(db, capture_row(REMOVED_URL, 8), copy.deepcopy(parsed["002"]))
    db["reports"].update(report_id(REMOVED_URL), {"status": "removed", "removed_on": "2025-02-01"})
    # the education report was edited on the site: a second revision (schema contract)
    edu = report_id(EDU_URL)
    db["reports"].update(edu, {"revision": 2})
    db["revisions"].insert_all(
        [
            {"report_id": edu, "revision": 1, "capture_id": 6, "changes": "[]"},
            {"report_id": edu, "revision": 2, "capture_id": 6, "summary": "1 cell changed",
             "changes": '[{"what": "cell", "key": "applications.new_received.total", "old": 4, "new": 5}]'},
        ]
    )  # fmt: skip
    ensure_fts(db)
    refresh_summaries(db)
    db.close()
    return path


def reports_containing(db, term: str) -> set[str]:
    """Ids of the reports whose title or text holds `term`: the truth a search must give."""
    return {
        r["id"]
        for r in db.query("select id, title, text from reports")
        if term in (r["title"] or "") or term in (r["text"] or "")
    }
