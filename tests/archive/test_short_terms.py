"""The index of one- and two-ideograph terms (archive/short_terms.py): exact answers, and
kept in step through inserts, edits, deletions and re-used rowids without a rebuild."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from archive import short_terms
from archive.db import open_db
from archive.fts import ensure_fts, search, search_clause
from archive.short_terms import SHORT_TABLE, STALE_TABLE, grams, is_short_han
from tests.archive.helpers import reports_containing

POOL = "公开申请司法复议诉讼政务信息县乡䶮A1 ，。\n"


def _vocabulary(db) -> Counter:
    """Documents per token, as the index holds them (fts5vocab)."""
    db.execute(
        f"create virtual table if not exists temp.v using fts5vocab(main, {SHORT_TABLE}, 'row')"
    )
    return Counter({term: n for term, n in db.execute("select term, doc from temp.v")})


def _expected(db) -> Counter:
    counts: Counter = Counter()
    for title, text in db.execute("select title, text from reports"):
        counts.update(grams(title, text).split())
    return counts


def test_grams_and_which_terms_use_them():
    assert grams("政务公开，A1", None, "县") == "公 公开 务 务公 县 开 政 政务"
    assert is_short_han("司法") and is_short_han("县") and is_short_han("䶮")
    assert not any(is_short_han(t) for t in ("5G", "A股", "，", "司法局", "𠀀"))
    where, params = search_clause("司法")
    assert SHORT_TABLE in where and params["nianbao_q0_short"] == '"司法"'
    assert SHORT_TABLE not in search_clause("A股")[0]


def test_index_follows_every_kind_of_write_without_a_rebuild(tmp_path, monkeypatch):
    db = open_db(tmp_path / "a.db")
    rng = random.Random(7)

    def text() -> str:
        return "".join(rng.choice(POOL) for _ in range(rng.randint(0, 40)))

    db["reports"].insert_all({"id": f"r{i}", "title": text(), "text": text()} for i in range(30))
    ensure_fts(db)
    rebuilds = []
    real_update = short_terms.update
    monkeypatch.setattr(
        short_terms,
        "update",
        lambda db, queued, rebuild=False: (
            rebuilds.append(rebuild),
            real_update(db, queued, rebuild=rebuild),
        ),
    )
    for step in range(120):
        ids = [r[0] for r in db.execute("select id from reports")]
        action = rng.random()
        if action < 0.3 or not ids:
            db["reports"].insert({"id": f"n{step}", "title": text(), "text": text()})
        elif action < 0.7:
            db["reports"].update(rng.choice(ids), {"text": text()})  # edited, maybe twice
        elif action < 0.85:
            db["reports"].delete(rng.choice(ids))
        else:
            db["reports"].update(rng.choice(ids), {"title": text()})
        if rng.random() < 0.25:
            assert ensure_fts(db) is False
    ensure_fts(db)
    assert not any(rebuilds), "the short index was rebuilt instead of followed"
    assert db.execute(f"select count(*) from {STALE_TABLE}").fetchone()[0] == 0
    assert _vocabulary(db) == _expected(db)
    corpus = "".join(a + b for a, b in db.execute("select title, text from reports"))
    terms = {corpus[i : i + n] for n in (1, 2) for i in range(len(corpus) - n + 1)}
    for term in sorted(t for t in terms if is_short_han(t)):
        assert set(search(db, term, limit=1000)) == reports_containing(db, term), term


def test_queued_rows_are_found_before_the_index_catches_up(tmp_path):
    db = open_db(tmp_path / "b.db")
    db["reports"].insert({"id": "a", "title": "甲县年度报告", "text": "依申请公开"})
    ensure_fts(db)
    db["reports"].insert({"id": "b", "title": "乙乡年度报告", "text": "鑫龘只在此处"})
    db["reports"].update("a", {"text": "改为龘鑫"})
    assert set(search(db, "鑫龘")) == {"b"} and set(search(db, "龘鑫")) == {"a"}
    assert set(search(db, "申请")) == {"a"}  # old text still indexed, row queued: accepted
    ensure_fts(db)
    assert set(search(db, "申请")) == set()
    assert set(search(db, "龘")) == {"a", "b"}


@pytest.mark.parametrize("break_it", ["drop", "desync"])
def test_a_missing_or_stale_index_is_rebuilt(tmp_path, break_it):
    db = open_db(tmp_path / "c.db")
    db["reports"].insert_all(
        [{"id": "a", "title": "司法局", "text": "复议"}, {"id": "b", "title": "县", "text": "x"}]
    )
    ensure_fts(db)
    if break_it == "drop":
        db.execute(f"drop table {SHORT_TABLE}")
    else:
        db.execute(f"insert into {SHORT_TABLE}({SHORT_TABLE}) values ('delete-all')")
    ensure_fts(db)
    assert set(search(db, "复议")) == {"a"} and set(search(db, "县")) == {"b"}
    assert _vocabulary(db) == _expected(db)
