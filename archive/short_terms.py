"""One- and two-character Chinese search terms (司法, 复议, 县) through an index of their own.

The trigram index answers a two-character word as the OR of every indexed trigram that
begins with it. For a common word that is thousands of trigrams (公开 followed by any
character) whose lists cover every report: 125 ms at 5,000 reports and linear in the
archive, past Datasette's time limit at 200,000. This index holds, per report, each distinct
Chinese character and each pair of adjacent Chinese characters once, as tokens of an FTS5
table that stores no text (`content=''`) and no positions (`detail=none`): a two-character
word is one token, its list read once. It is about a tenth of the trigram index's size.

Only runs of CJK ideographs (the basic block, extension A and the compatibility block) are
indexed, the characters FTS5's unicode61 tokenizer keeps whole; a short term with any other
character (Latin, digits, punctuation, rarer extensions) still goes through the trigrams.

The index is kept in step by `archive.fts.ensure_fts`: the triggers on `reports` queue the
rows written (`reports_fts_pending`) and, for a row updated or deleted, its old title and
text (`reports_fts_stale`), because a table without content can only forget a document when
told the tokens it was given.
"""

from __future__ import annotations

import re

import sqlite_utils

SHORT_TABLE = "reports_fts_short"
STALE_TABLE = "reports_fts_stale"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_SHORT_HAN = re.compile(f"[{HAN}]{{1,2}}")
_CHUNK = 2000  # rows per insert batch when the whole index is built


def is_short_han(term: str) -> bool:
    """Whether `term` is answered by this index: one or two ideographs."""
    return bool(_SHORT_HAN.fullmatch(term))


def grams(*values: str | None) -> str:
    """The tokens indexed for a report: its distinct ideographs and adjacent pairs of them."""
    found: set[str] = set()
    for value in values:
        for run in _HAN_RUN.findall(value or ""):
            found.update(run)
            found.update(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(sorted(found))


def create(db: sqlite_utils.Database) -> bool:
    """Create the index and the stale-row queue if missing; True if the index is new."""
    db.execute(
        f"create table if not exists {STALE_TABLE} (seq integer primary key, rid, title, text)"
    )
    if db[SHORT_TABLE].exists():
        return False
    db.execute(
        f"create virtual table {SHORT_TABLE} using fts5(grams, content='', detail=none,"
        " tokenize='unicode61')"
    )
    return True


def drop(db: sqlite_utils.Database) -> None:
    db.execute(f"drop table if exists {SHORT_TABLE}")
    db.execute(f"drop table if exists {STALE_TABLE}")


def update(db: sqlite_utils.Database, queued: list[int], rebuild: bool = False) -> None:
    """Bring the index up to date: forget the stale rows, add the queued ones; rebuild it
    whole when asked or when it is out of step with `reports` afterwards."""
    if not rebuild:
        forgotten: set[int] = set()
        for rid, title, text in db.execute(
            f"select rid, title, text from {STALE_TABLE} order by seq"
        ).fetchall():
            # the earliest stale copy of a row is the one that was indexed
            if rid not in forgotten and _is_indexed(db, rid):
                db.execute(
                    f"insert into {SHORT_TABLE}({SHORT_TABLE}, rowid, grams)"
                    " values ('delete', ?, ?)",
                    [rid, grams(title, text)],
                )
            forgotten.add(rid)
        for rid in queued:
            row = db.execute("select title, text from reports where rowid = ?", [rid]).fetchone()
            if row is not None and not _is_indexed(db, rid):
                db.execute(
                    f"insert into {SHORT_TABLE}(rowid, grams) values (?, ?)", [rid, grams(*row)]
                )
        rebuild = not _in_step(db)
    db.execute(f"delete from {STALE_TABLE}")
    if rebuild:
        db.execute(f"insert into {SHORT_TABLE}({SHORT_TABLE}) values ('delete-all')")
        last = 0
        while True:
            rows = db.execute(
                "select rowid, title, text from reports where rowid > ? order by rowid limit ?",
                [last, _CHUNK],
            ).fetchall()
            if not rows:
                break
            db.conn.executemany(
                f"insert into {SHORT_TABLE}(rowid, grams) values (?, ?)",
                ((rid, grams(title, text)) for rid, title, text in rows),
            )
            last = rows[-1][0]


def _is_indexed(db: sqlite_utils.Database, rid: int) -> bool:
    return bool(db.execute(f"select 1 from {SHORT_TABLE}_docsize where id = ?", [rid]).fetchone())


def _in_step(db: sqlite_utils.Database) -> bool:
    indexed = db.execute(f"select count(*), total(id) from {SHORT_TABLE}_docsize").fetchone()
    reports = db.execute("select count(*), total(rowid) from reports").fetchone()
    return tuple(indexed) == tuple(reports)


def match_clause(col: str, key: str) -> str:
    """SQL: the row (`{col}rowid`) holds the short term in parameter `:{key}_short`."""
    return (
        f"+{col}rowid in (select rowid from {SHORT_TABLE} where {SHORT_TABLE} match :{key}_short)"
    )


def match_params(term: str, key: str) -> dict[str, str]:
    return {f"{key}_short": '"' + term + '"'}
