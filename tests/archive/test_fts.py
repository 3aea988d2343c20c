"""Short search terms through the trigram index (archive/fts.py): the term list, the end
marker, the rows queued since the last update, and the upgrade from the first layout."""

from __future__ import annotations

import random
from pathlib import Path

from archive.db import open_db
from archive.fts import PENDING_TABLE, TERMS_TABLE, ensure_fts, search, trigrams
from tests.archive.helpers import reports_containing

TEXTS = {
    "a": (
        "甲县司法局年度报告",
        "本年度收到行政复议申请2件。全文以司法",
    ),  # 司法 only at the very end
    "b": ("乙市人民政府年度报告", "政务公开工作稳步推进，PDF文件可下载。"),
    "c": ("丙区教育局年度报告", "无"),  # a one-character text
}


def _db(tmp_path, name="a.db"):
    db = open_db(tmp_path / name)
    for rid, (title, text) in TEXTS.items():
        db["reports"].insert({"id": rid, "title": title, "text": text})
    return db


def test_every_short_substring_is_found_exactly(tmp_path):
    db = _db(tmp_path)
    ensure_fts(db)
    corpus = "".join(t + x for t, x in TEXTS.values())
    terms = {corpus[i : i + n] for n in (1, 2) for i in range(len(corpus) - n + 1)}
    for term in sorted(terms):
        assert set(search(db, term, limit=10)) == reports_containing(db, term), term
    assert set(search(db, "以司法", limit=10)) == {"a"}
    assert set(search(db, "无", limit=10)) == {"c"}
    assert search(db, "量子", limit=10) == []


def test_latin_short_terms_are_case_insensitive_like_long_ones(tmp_path):
    db = _db(tmp_path)
    ensure_fts(db)
    assert search(db, "pd") == search(db, "PD") == search(db, "pdf") == ["b"]


def test_rows_written_later_are_found_before_and_after_the_term_update(tmp_path):
    db = _db(tmp_path)
    ensure_fts(db)
    db["reports"].insert({"id": "d", "title": "丁镇年度报告", "text": "鑫龘两字只在此处"})
    db["reports"].update("b", {"text": "改写后提到龘鑫"})
    assert db.execute(f"select count(*) from {PENDING_TABLE}").fetchone()[0] == 2
    assert set(search(db, "鑫龘")) == {"d"} and set(search(db, "龘鑫")) == {"b"}  # scanned
    assert ensure_fts(db) is False  # no rebuild: the queued rows' trigrams are added
    assert db.execute(f"select count(*) from {PENDING_TABLE}").fetchone()[0] == 0
    assert set(search(db, "鑫龘")) == {"d"} and set(search(db, "龘鑫")) == {"b"}  # indexed
    assert set(search(db, "政务")) == set()  # b's old text is out of the index
    indexed = {r[0] for r in db.execute(f"select term from {TERMS_TABLE}")}
    assert trigrams("鑫龘两字只在此处") <= indexed


def test_term_list_matches_the_index_vocabulary(tmp_path):
    db = _db(tmp_path)
    rng = random.Random(3)
    pool = "公开申请司法复议诉讼政务信息Aa1２ \n，。"
    for i in range(40):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 60)))
        db["reports"].insert(
            {"id": f"r{i}", "title": None if i % 7 == 0 else text[:5], "text": text}
        )
    ensure_fts(db)
    listed = {r[0] for r in db.execute(f"select term from {TERMS_TABLE}")}
    computed = set()
    for title, text in db.execute("select title, text from reports"):
        computed |= trigrams(title) | trigrams(text)
    assert listed == computed
    for term in ("公开", "a", "A", "２", "1", "，", "议诉"):
        assert set(search(db, term, limit=100)) == {
            r["id"]
            for r in db.query("select id, title, text from reports")
            if term.lower() in ((r["title"] or "") + "\0" + (r["text"] or "")).lower()
        }, term


def test_first_layout_is_upgraded(tmp_path):
    db = _db(tmp_path)
    # the layout before the term list: plain view, no end marker
    db.execute("create view reports_fts_source as select rowid as rid, title, text from reports")
    db.execute(
        "create virtual table reports_fts using fts5(title, text, content='reports_fts_source',"
        " content_rowid='rid', tokenize='trigram')"
    )
    db.execute("insert into reports_fts(reports_fts) values ('rebuild')")
    assert ensure_fts(db) is True
    assert set(search(db, "司法")) == {"a"}
    assert ensure_fts(db) is False
    db.execute("insert into reports_fts(reports_fts) values ('integrity-check')")


# The 30 two-character words of docs/search.md's evaluation.
WORDS = [
    "司法",
    "复议",
    "诉讼",
    "公开",
    "申请",
    "收费",
    "处罚",
    "许可",
    "强制",
    "采购",
    "规章",
    "机关",
    "保密",
    "网站",
    "政务",
    "培训",
    "热线",
    "信访",
    "财政",
    "预算",
    "疫情",
    "律师",
    "公证",
    "调解",
    "普法",
    "法治",
    "指南",
    "目录",
    "答复",
    "补正",
]


def _fixture_texts() -> dict[str, str]:
    """The text of every real report fixture: text files as given, HTML pages' text nodes."""
    from lxml import html

    root = Path(__file__).parent.parent / "fixtures"
    texts = {p.name: p.read_text("utf-8") for p in sorted((root / "seeds").glob("*.txt"))}
    for text_file in sorted((root / "reports").glob("*/input.txt")):
        texts[str(text_file.relative_to(root))] = text_file.read_text("utf-8")
    pages = sorted((root / "reports").glob("*/input.html")) + sorted((root / "html").glob("*.html"))
    for page in pages:
        raw = page.read_bytes()
        texts[str(page.relative_to(root))] = html.fromstring(raw).text_content()
    return texts


def test_short_words_on_the_real_fixtures_match_a_substring_scan(tmp_path):
    texts = _fixture_texts()
    assert len(texts) >= 50
    db = open_db(tmp_path / "fixtures.db")
    db["reports"].insert_all(
        {"id": name, "title": text.strip().splitlines()[0][:60], "text": text}
        for name, text in texts.items()
    )
    ensure_fts(db)
    found_any = 0
    for word in WORDS:
        truth = reports_containing(db, word)
        assert set(search(db, word, limit=1000)) == truth, word
        found_any += bool(truth)
    assert found_any >= 25  # the words do occur: this compares real hits
