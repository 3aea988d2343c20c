"""S1, the TRS WCM site: markup, pagination, traps, manifest and the transcribed seed tables.

The site is called directly (no sockets): ``TrsSite().handle(Request(...))``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html

from simweb.base import Request, Response
from simweb.sites.trs import TrsSite

BASE = "http://127.0.0.1:8101"
COLUMN = "/xxgk/zfxxgk/zfxxgknb/"
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
BLANK = re.compile(r"[\s\u3000\xa0]+")


@pytest.fixture(scope="module")
def site() -> TrsSite:
    return TrsSite()


@pytest.fixture(scope="module")
def manifest(site: TrsSite) -> dict:
    return site.manifest(BASE)


def get(site: TrsSite, path: str, method: str = "GET") -> Response:
    return site.handle(Request(method=method, path=path, query={}, headers={}))


def page(site: TrsSite, path: str) -> html.HtmlElement:
    response = get(site, path)
    assert response.status == 200, path
    return html.fromstring(response.body.decode("utf-8"))


def list_paths(site: TrsSite) -> list[str]:
    n = site.count_pages("zfxxgknb")
    return [COLUMN + "index.html"] + [f"{COLUMN}index_{i}.html" for i in range(1, n)]


def list_links(site: TrsSite) -> list[tuple[str, str]]:
    """(absolute path, title) of every item on every list page, in list order."""
    links = []
    for path in list_paths(site):
        for a in page(site, path).xpath('//ul[@class="overview_right"]/li/a'):
            links.append((urlsplit(urljoin(BASE + path, a.get("href"))).path, a.get("title")))
    return links


def text_of(node: html.HtmlElement) -> str:
    return BLANK.sub("", "".join(node.itertext()))


def grid(table: html.HtmlElement) -> list[list[str]]:
    """Expand rowspan/colspan into a rectangle of cell texts (whitespace removed)."""
    rows: list[list[str | None]] = []
    for r, tr in enumerate(table.xpath("./tbody/tr|./tr")):
        while len(rows) <= r:
            rows.append([])
        c = 0
        for td in tr.xpath("./td|./th"):
            while c < len(rows[r]) and rows[r][c] is not None:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(rs):
                while len(rows) <= r + dr:
                    rows.append([])
                row = rows[r + dr]
                while len(row) < c + cs:
                    row.append(None)
                for dc in range(cs):
                    row[c + dc] = text_of(td)
            c += cs
    return [[cell or "" for cell in row] for row in rows]


def body_tables(doc: html.HtmlElement) -> list[html.HtmlElement]:
    return doc.xpath('//div[contains(@class,"trs_editor_view")]//table')


def find_table(doc: html.HtmlElement, marker: str) -> html.HtmlElement:
    tables = [t for t in body_tables(doc) if marker in text_of(t)]
    assert len(tables) == 1, marker
    return tables[0]


def seed_url(manifest: dict, seed: str) -> str:
    (url,) = [r["url"] for r in manifest["reports"] if r.get("seed", "").startswith(seed)]
    return urlsplit(url).path


# ---- list pages and pagination ---------------------------------------------------------------


def test_column_answers_at_slash_and_index(site: TrsSite) -> None:
    assert get(site, COLUMN).body == get(site, COLUMN + "index.html").body
    assert get(site, COLUMN.rstrip("/")).status == 301
    assert get(site, COLUMN.rstrip("/")).headers["Location"] == COLUMN


def test_list_pages_paginate_only_by_script(site: TrsSite) -> None:
    paths = list_paths(site)
    assert len(paths) == 3
    for n, path in enumerate(paths):
        doc = page(site, path)
        hrefs = [a.get("href", "") for a in doc.xpath("//a")]
        assert not [
            h for h in hrefs if "index_" in h or (h.endswith("index.html") and "zfxxgknb" in h)
        ]
        assert not [a for a in doc.xpath("//a") if text_of(a) in ("上一页", "下一页", "尾页")]
        scripts = " ".join(doc.xpath("//script/text()"))
        assert f"var countPage = 3;var currentPage = {n};" in scripts
        assert 'createPageHTML(countPage, currentPage, "index", "html");' in scripts
        assert doc.xpath('//script[@src="/common/js/page.js"]')
        meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
        assert meta["ColumnName"] == "政府信息公开年报"
        assert {
            "ColumnType",
            "ColumnDescription",
            "ColumnKeywords",
            "SiteName",
            "SiteIDCode",
        } <= set(meta)
    assert get(site, f"{COLUMN}index_3.html").status == 404
    assert get(site, f"{COLUMN}index_0.html").status == 404


def test_page_js_writes_the_pager(site: TrsSite) -> None:
    response = get(site, "/common/js/page.js")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    js = response.body.decode("utf-8")
    assert "function createPageHTML" in js
    assert all(word in js for word in ("首页", "上一页", "下一页", "尾页", "document.write"))


def test_list_holds_ten_items_per_page_newest_first(site: TrsSite) -> None:
    counts, dates = [], []
    for path in list_paths(site):
        items = page(site, path).xpath('//ul[@class="overview_right"]/li')
        counts.append(len(items))
        dates += [li.xpath("./span/text()")[0] for li in items]
        for li in items:
            a = li.xpath("./a")[0]
            assert a.get("href").startswith("./")
            assert re.fullmatch(r"\./\d{6}/t\d{8}_\d{7}\.html", a.get("href"))
            assert BLANK.sub("", a.get("title")) == text_of(a)
    assert counts[:-1] == [10] * (len(counts) - 1) and 0 < counts[-1] <= 10
    assert sum(counts) >= 23
    assert dates == sorted(dates, reverse=True)


def test_every_list_href_resolves(site: TrsSite, manifest: dict) -> None:
    traps = {urlsplit(t["url"]).path: t for t in manifest["traps"]}
    for path, _title in list_links(site):
        response = get(site, path)
        if path in traps:
            assert response.status == traps[path]["status"], path
        else:
            assert response.status == 200, path
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert "Last-Modified" in response.headers


def test_url_shape_matches_publication_date(site: TrsSite) -> None:
    for path, _title in list_links(site):
        m = re.fullmatch(COLUMN + r"(\d{6})/t(\d{8})_(\d{7})\.html", path)
        assert m and m.group(2).startswith(m.group(1)), path


# ---- manifest ----------------------------------------------------------------------------------


def test_manifest_reports_are_the_report_items_of_the_list(site: TrsSite, manifest: dict) -> None:
    listed = {BASE + path for path, _ in list_links(site)}
    reports = {r["url"] for r in manifest["reports"]}
    traps = {t["url"] for t in manifest["traps"]}
    distractors = {d["url"] for d in manifest["distractors"]}
    assert reports <= listed and traps <= listed
    assert listed - reports == (distractors & listed) | traps
    kinds = {BASE + a.path: a.kind for a in site.column_items("zfxxgknb")}
    assert reports == {url for url, kind in kinds.items() if kind == "report"}
    assert len(distractors & listed) >= 4
    assert {t["kind"] for t in manifest["traps"]} == {"404", "moved"}


def test_manifest_entries_are_complete(manifest: dict) -> None:
    formats = {"2008": 0, "2019": 0, "2021": 0}
    for report in manifest["reports"]:
        assert set(report) >= {"url", "title", "agency", "year", "format", "published"}
        assert report["url"].startswith(BASE + COLUMN)
        formats[report["format"]] += 1
        published = report["published"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
        assert int(published[:4]) == report["year"] + 1
        assert f"/t{published.replace('-', '')}_" in report["url"]
        assert str(report["year"]) in report["title"]
    assert len(manifest["reports"]) >= 15
    assert min(formats.values()) >= 3, formats


def test_every_seed_appears(manifest: dict) -> None:
    seeds = {r["seed"] for r in manifest["reports"] if "seed" in r}
    assert seeds == {
        "000_75a8692b8a01330e",
        "001_e1d97810283941a4",
        "002_9cb620c59d38077c",
        "003_8e4fae53c81d4e1a",
        "004_0dd5e6ada0b74240",
    }
    published = {r["seed"][:3]: r["published"] for r in manifest["reports"] if "seed" in r}
    assert published["000"] == "2019-02-15"
    assert published["002"] == "2019-03-05"


# ---- detail pages ------------------------------------------------------------------------------


def test_detail_pages_carry_metadata(site: TrsSite, manifest: dict) -> None:
    for report in manifest["reports"]:
        path = urlsplit(report["url"]).path
        response = get(site, path)
        doc = html.fromstring(response.body.decode("utf-8"))
        meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
        assert meta["ArticleTitle"] == report["title"]
        assert re.fullmatch(report["published"] + r" \d{2}:\d{2}", meta["PubDate"])
        assert meta["ColumnName"] == "政府信息公开年报"
        assert meta["SiteName"] == "宁夏回族自治区司法厅" and meta["ContentSource"]
        cells = [text_of(td) for td in doc.xpath('//table[@class="table_xxgk"]//td')]
        labels = dict(zip(cells[::2], cells[1::2], strict=True))
        assert labels["发布日期："] == report["published"]
        assert labels["文号："] == "" or "〔" in labels["文号："]
        assert {"索引号：", "主题分类：", "发布机构：", "成文日期：", "有效性："} <= set(labels)
        raw_labels = doc.xpath('//table[@class="table_xxgk"]//td[@class="td_label"]/text()')
        assert "索 引 号：" in raw_labels and "文\u3000\u3000号：" in raw_labels
        crumb = text_of(doc.xpath('//div[@class="position"]')[0])
        assert crumb == "当前位置：首页>政府信息公开>政府信息公开年报"
        info = text_of(doc.xpath('//div[@class="article_info"]')[0])
        assert "来源：" in info and f"发布时间：{report['published']}" in info
        assert doc.xpath('//div[@class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web"]')
        assert "打印" in response.body.decode() and "关闭" in response.body.decode()


def test_seed_agencies_on_detail_pages(site: TrsSite, manifest: dict) -> None:
    expected = {
        "000": "宁夏回族自治区司法厅",
        "001": "中卫市沙坡头区司法局",
        "002": "平凉市司法局",
        "003": "隆德县司法局",
        "004": "宁波市鄞州区司法局",
    }
    for seed, agency in expected.items():
        doc = page(site, seed_url(manifest, seed))
        cells = [text_of(td) for td in doc.xpath('//table[@class="table_xxgk"]//td')]
        assert cells[cells.index("发布机构：") + 1] == agency


def test_home_and_section_pages(site: TrsSite) -> None:
    for path in ("/", "/index.html"):
        doc = page(site, path)
        meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
        assert meta["SiteName"] == "宁夏回族自治区司法厅" and meta["SiteIDCode"] == "6400000032"
        nav = [text_of(a) for a in doc.xpath('//div[@class="nav"]//a')]
        assert nav == ["首页", "政务动态", "政府信息公开", "政务服务", "互动交流"]
        assert doc.xpath('//div[@class="nav"]//a[text()="政府信息公开"]/@href') == [
            "/xxgk/zfxxgk/index.html"
        ]
        footer = text_of(doc.xpath('//div[@class="footer"]')[0])
        assert "主办单位" in footer and "网站标识码" in footer and "ICP备" in footer
        text = text_of(doc)
        assert "无障碍" in text and "长者版" in text
        for href in doc.xpath('//ul[@class="news_list"]//a/@href'):
            assert get(site, urlsplit(urljoin(BASE + path, href)).path).status == 200
    section = page(site, "/xxgk/zfxxgk/")
    assert get(site, "/xxgk/zfxxgk/index.html").body == get(site, "/xxgk/zfxxgk/").body
    nav = {text_of(a): a.get("href") for a in section.xpath('//div[@class="left_nav"]//a')}
    assert nav["政府信息公开年报"] == "./zfxxgknb/"
    assert nav["政府网站年度报表"] == "./wzndbb/"
    for href in nav.values():
        assert get(site, urlsplit(urljoin(BASE + "/xxgk/zfxxgk/", href)).path).status == 200


def test_sibling_column_of_website_reports(site: TrsSite, manifest: dict) -> None:
    doc = page(site, "/xxgk/zfxxgk/wzndbb/")
    titles = doc.xpath('//ul[@class="overview_right"]/li/a/@title')
    assert 2 <= len(titles) <= 3 and all("政府网站工作年度报表" in t for t in titles)
    distractors = {d["title"] for d in manifest["distractors"]}
    assert set(titles) <= distractors


def test_traps(site: TrsSite, manifest: dict) -> None:
    by_kind = {t["kind"]: urlsplit(t["url"]).path for t in manifest["traps"]}
    assert get(site, by_kind["404"]).status == 404
    moved = get(site, by_kind["moved"])
    assert moved.status == 301 and moved.headers["Location"] == "/"
    assert get(site, "/nothing/here.html").status == 404
    assert get(site, COLUMN, method="POST").status == 405


def test_distractors_are_in_place(site: TrsSite, manifest: dict) -> None:
    titles = [d["title"] for d in manifest["distractors"]]
    assert any("法治政府建设年度报告" in t for t in titles)
    assert any("政务公开工作要点" in t for t in titles)
    (template,) = [d for d in manifest["distractors"] if "年度报告格式" in d["title"]]
    doc = page(site, urlsplit(template["url"]).path)
    apps = grid(find_table(doc, "申请人情况"))
    assert len(apps) == 3 + 2 + 22 + 1 and all(len(row) == 10 for row in apps)
    assert all(cell == "" for row in apps[3:] for cell in row[3:])  # the blank official form
    review = grid(find_table(doc, "行政复议"))
    assert review[-1] == [""] * 15


# ---- the statistics tables -----------------------------------------------------------------------


def test_applications_table_has_the_official_spans(site: TrsSite, manifest: dict) -> None:
    for seed, fmt in (("001", "2019"), ("003", "2021"), ("004", "2019")):
        doc = page(site, seed_url(manifest, seed))
        table = find_table(doc, "申请人情况")
        spans = {
            text_of(td): (int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
            for td in table.iter("td")
        }
        assert spans["申请人情况"] == (1, 7)
        assert spans["自然人"] == (2, 1)
        assert spans["法人或其他组织"] == (1, 5)
        assert spans["总计"] == (2, 1)
        assert spans["三、本年度办理结果"] == (20 if fmt == "2019" else 22, 1)
        assert spans["（三）不予公开"] == (8, 1)
        assert spans["（四）无法提供"] == (3, 1)
        assert spans["（五）不予处理"] == (5, 1)
        assert spans["（六）其他处理"] == ((1, 2) if fmt == "2019" else (3, 1))
        assert spans["四、结转下年度继续办理"] == (1, 3)
        rows = grid(table)
        assert all(len(row) == 10 for row in rows)
        assert rows[2][3:] == [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ]
        review = find_table(doc, "复议后起诉")
        rspans = {text_of(td): int(td.get("colspan", 1)) for td in review.iter("td")}
        assert rspans["行政复议"] == 5 and rspans["行政诉讼"] == 10
        assert rspans["未经复议直接起诉"] == 5 and rspans["复议后起诉"] == 5
        assert all(len(row) == 15 for row in grid(review))


def test_cms_wrapping_of_cells(site: TrsSite, manifest: dict) -> None:
    doc = page(site, seed_url(manifest, "004"))
    table = find_table(doc, "第二十条第（一）项")
    assert table.xpath(".//td/p/span")
    assert any(t.startswith("\u3000") for t in table.xpath(".//td//span/text()"))


def _num(cell: str) -> float | None:
    cell = BLANK.sub("", cell)
    if cell == "":
        return None
    if cell.endswith("万元"):
        return float(cell[:-2])
    if cell.endswith("元"):
        return float(cell[:-1]) / 10000
    return float(cell)


KEYS_2019 = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_other_laws", "denied_security_stability",
    "denied_third_party", "denied_internal_affairs", "denied_process_info",
    "denied_enforcement_files", "denied_query_matters",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
    "not_processed_excessive", "not_processed_confirmation",
    "other", "total_handled", "carried_forward",
]  # fmt: skip
KEYS_2021 = [*KEYS_2019[:20], "other_no_correction", "other_no_fee", *KEYS_2019[20:]]
COLS = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
]
ARTICLE20 = {
    "2019": [("rules", 2, ("made", "published", "total_public")),
             ("normative_documents", 3, ("made", "published", "total_public")),
             ("licensing", 6, ("previous", "change", "decisions")),
             ("other_services", 7, ("previous", "change", "decisions")),
             ("punishment", 10, ("previous", "change", "decisions")),
             ("coercion", 11, ("previous", "change", "decisions")),
             ("fees", 14, ("previous", "change")),
             ("procurement", 17, ("projects", "amount_wan_yuan"))],
    "2021": [("rules", 2, ("issued", "repealed", "in_force")),
             ("normative_documents", 3, ("issued", "repealed", "in_force")),
             ("licensing", 6, ("decisions",)), ("punishment", 9, ("decisions",)),
             ("coercion", 10, ("decisions",)), ("fees", 13, ("amount_wan_yuan",))],
}  # fmt: skip


def read_tables(doc: html.HtmlElement, fmt: str) -> dict:
    """The three statistics tables as the canonical keys of REPORT_FORMATS.md."""
    a20 = grid(find_table(doc, "第二十条第（一）项"))
    article20 = {}
    for key, row, fields in ARTICLE20[fmt]:
        cells = a20[row]
        article20[key] = {f: _num(cells[1 + i]) for i, f in enumerate(fields)}
    apps = grid(find_table(doc, "申请人情况"))[3:]
    keys = KEYS_2019 if fmt == "2019" else KEYS_2021
    assert len(apps) == len(keys)
    applications = {
        k: dict(zip(COLS, map(_num, row[3:]), strict=True))
        for k, row in zip(keys, apps, strict=True)
    }
    values = grid(find_table(doc, "复议后起诉"))[-1]
    groups = ("review", "litigation_direct", "litigation_after_review")
    parts = ("upheld", "corrected", "other", "pending", "total")
    review = {
        g: {p: _num(values[5 * i + j]) for j, p in enumerate(parts)} for i, g in enumerate(groups)
    }
    return {"article20": article20, "applications": applications, "review_litigation": review}


def test_2019_header_offsets_are_right(site: TrsSite, manifest: dict) -> None:
    rows = grid(find_table(page(site, seed_url(manifest, "001")), "第二十条第（一）项"))
    assert [rows[i][0] for i in (2, 3, 6, 7, 10, 11, 14, 17)] == [
        "规章", "规范性文件", "行政许可", "其他对外管理服务事项",
        "行政处罚", "行政强制", "行政事业性收费", "政府集中采购",
    ]  # fmt: skip
    rows = grid(find_table(page(site, seed_url(manifest, "003")), "第二十条第（一）项"))
    assert [rows[i][0] for i in (2, 3, 6, 9, 10, 13)] == [
        "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
    ]  # fmt: skip


def gold(seed: str) -> dict:
    if not SEEDS.is_dir():
        pytest.fail("tests/fixtures/seeds is missing")
    (path,) = SEEDS.glob(f"{seed}_*.gold.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", ["001", "003", "004"])
def test_seed_tables_match_the_gold(site: TrsSite, manifest: dict, seed: str) -> None:
    want = gold(seed)
    got = read_tables(page(site, seed_url(manifest, seed)), want["format"])
    for table in ("article20", "applications", "review_litigation"):
        for key, cells in want[table].items():
            for field, value in cells.items():
                actual = got[table][key][field]
                assert actual == pytest.approx(value) if value is not None else actual is None, (
                    table, key, field, actual, value,
                )  # fmt: skip


def test_seed001_prints_what_the_seed_prints(site: TrsSite, manifest: dict) -> None:
    doc = page(site, seed_url(manifest, "001"))
    a20 = grid(find_table(doc, "第二十条第（一）项"))
    assert a20[17][1:3] == ["1", "2739691.05元"]
    assert a20[7][1:] == ["4", "+4", "0"] and a20[6][1:] == ["2", "-1", "0"]
    review = grid(find_table(doc, "复议后起诉"))[-1]
    assert review[:5] == [""] * 5 and review[5:] == ["0"] * 10
    doc = page(site, seed_url(manifest, "003"))
    assert grid(find_table(doc, "第二十条第（一）项"))[13][1] == "10.78万元"


def test_seed000_legacy_table_keeps_every_row(site: TrsSite, manifest: dict) -> None:
    doc = page(site, seed_url(manifest, "000"))
    rows = grid(find_table(doc, "统计指标"))
    assert all(len(row) == 3 for row in rows)
    assert rows[0] == ["统计指标", "单位", "统计数"]
    assert len(rows) == 66
    noise = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]|^[一二三四五六七八九十\d]+[、.．]")
    table = {noise.sub("", label): (unit, value) for label, unit, value in rows[1:]}
    for row in gold("000")["legacy_stats"]:
        label = noise.sub("", BLANK.sub("", row["label"]))
        match = [k for k in table if k == label or k.startswith(label + "（")]
        assert len(match) == 1, label
        unit, value = table[match[0]]
        assert (unit, _num(value)) == (row["unit"], row["value"])


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_prose_is_on_the_page(site: TrsSite, manifest: dict, seed: str) -> None:
    if not SEEDS.is_dir():
        pytest.fail("tests/fixtures/seeds is missing")
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    doc = page(site, seed_url(manifest, seed))
    body = text_of(doc.xpath('//div[contains(@class,"trs_editor_view")]')[0])
    missing = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line or len(line.strip()) < 30 or line.startswith(("当前位置", "发表日期")):
            continue  # table cells and short lines (headings, signature) are checked elsewhere
        line = re.sub(r"\[image: [^\]]*\].*$", "", line).replace("**", "")
        if BLANK.sub("", line) not in body:
            missing.append(line[:40])
    assert not missing


def test_every_report_table_is_consistent(site: TrsSite, manifest: dict) -> None:
    checked = 0
    for report in manifest["reports"]:
        if report["format"] == "2008" or report.get("in_attachment"):
            continue
        got = read_tables(page(site, urlsplit(report["url"]).path), report["format"])
        apps = got["applications"]
        keys = KEYS_2019 if report["format"] == "2019" else KEYS_2021
        for col in COLS:
            value = {k: apps[k][col] or 0 for k in keys}
            assert (
                value["new_received"] + value["carried_over"]
                == value["total_handled"] + value["carried_forward"]
            )
            assert sum(value[k] for k in keys[2:-2]) == value["total_handled"], (
                report["title"],
                col,
            )
        for key in keys:
            row = [apps[key][c] or 0 for c in COLS]
            assert sum(row[:6]) == row[6], (report["title"], key)
        for group in got["review_litigation"].values():
            parts = [group[p] or 0 for p in ("upheld", "corrected", "other", "pending")]
            assert sum(parts) == (group["total"] or 0)
        checked += 1
    assert checked >= 10


def test_legacy_tables_add_up(site: TrsSite, manifest: dict) -> None:
    """收到 = 当面+传真+网络+信函, 办结 = 按时+延期, 答复 = its 8 outcomes, 人员 = 专职+兼职."""
    checked = 0
    for report in manifest["reports"]:
        doc = page(site, urlsplit(report["url"]).path)
        tables = [t for t in body_tables(doc) if "统计指标" in text_of(t)]
        if report["format"] != "2008" or not tables:
            continue
        rows = grid(tables[0])[1:]
        value = [_num(v) or 0 for _, _, v in rows]
        assert len(rows) == 65
        assert value[21] == sum(value[22:26])  # 收到申请数
        assert value[26] == value[27] + value[28]  # 申请办结数
        assert value[29] == sum(value[30:34]) + sum(value[40:44])  # 申请答复数
        assert value[33] == sum(value[34:40])  # 不同意公开答复数
        assert value[44] == sum(value[45:48]) and value[48] == sum(value[49:52])
        assert value[57] == value[58] + value[59]  # 工作人员数
        checked += 1
    assert checked == 3
