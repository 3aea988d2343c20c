"""Chinese full-text search over report titles and texts.

SQLite's default tokenizer does not segment Chinese, so the index is an FTS5 table with the
`trigram` tokenizer (SQLite >= 3.34): every three-character substring is a term, so any
query of three or more characters is an exact substring match, ranked by bm25. Trigrams
cannot be queried with one- or two-character words (司法, 复议) directly, but every place
such a word occurs begins an indexed trigram (title and text are indexed with END
appended, so this holds at their last characters too): the word is the OR of the trigrams
in the index's term list that begin with it, an index lookup instead of a scan of the
text. docs/search.md has the measurements behind this choice (against jieba segmentation
and against scanning with `instr()`).

Layout, kept in step with `reports` by triggers so that every writer (process, a revision
model, a manual fix) keeps it current:

- `reports_fts_source`: a view `select rowid as rid, title || END, text || END from reports`;
- `reports_fts`: FTS5 (title, text) whose external content is that view, so the index
  holds no second copy of the text. The view (rather than `content=reports`) also keeps
  Datasette's automatic FTS detection from claiming `?_search=` on `reports`: that is
  handled by `archive/plugins/search.py`, which applies `search_clause` below so that
  two-character queries work in the search box too;
- `reports_fts_terms`: every distinct trigram of the index (from fts5vocab when the index
  is built; a term left behind by a deleted row matches nothing, so it can stay);
- `reports_fts_pending`: rowids the triggers queued since the term list was last brought
  up to date by `ensure_fts` (every `nianbao process` ends with it); short terms scan
  these few rows so that they are found meanwhile too.
"""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

from archive import short_terms
from archive.short_terms import STALE_TABLE

FTS_TABLE = "reports_fts"
SOURCE_VIEW = "reports_fts_source"
TERMS_TABLE = "reports_fts_terms"  # every trigram in the index: expands 1-2 character terms
PENDING_TABLE = "reports_fts_pending"  # rows written since the terms were last brought up
MIN_MATCH_CHARS = 3  # the trigram tokenizer matches nothing shorter
# Appended to title and text as indexed, so that every one- or two-character substring
# (the last characters included) begins some indexed trigram.
END = "\n\n"
_NO_TERM = '"\x01\x01\x01"'  # a phrase no text contains: MATCH needs one when none expand

_TRIGGERS = {
    "reports_fts_ai": f"""
        create trigger reports_fts_ai after insert on reports begin
          insert into {FTS_TABLE}(rowid, title, text)
            values (new.rowid, new.title || char(10, 10), new.text || char(10, 10));
          insert into {PENDING_TABLE}(rid) select new.rowid
            where not exists (select 1 from {PENDING_TABLE} where rid = new.rowid);
        end""",
    "reports_fts_ad": f"""
        create trigger reports_fts_ad after delete on reports begin
          insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
            values ('delete', old.rowid, old.title || char(10, 10), old.text || char(10, 10));
          insert into {STALE_TABLE}(rid, title, text) values (old.rowid, old.title, old.text);
        end""",
    "reports_fts_au": f"""
        create trigger reports_fts_au after update of title, text on reports
        when old.title is not new.title or old.text is not new.text begin
          insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
            values ('delete', old.rowid, old.title || char(10, 10), old.text || char(10, 10));
          insert into {STALE_TABLE}(rid, title, text) values (old.rowid, old.title, old.text);
          insert into {FTS_TABLE}(rowid, title, text)
            values (new.rowid, new.title || char(10, 10), new.text || char(10, 10));
          insert into {PENDING_TABLE}(rid) select new.rowid
            where not exists (select 1 from {PENDING_TABLE} where rid = new.rowid);
        end""",
}
_VIEW_SQL = (
    f"create view {SOURCE_VIEW} as select rowid as rid, title || char(10, 10) as title, "
    "text || char(10, 10) as text from reports"
)


def ensure_fts(db: sqlite_utils.Database, rebuild: bool = False) -> bool:
    """Create the report search index if it is missing, and rebuild it if it is stale.

    Idempotent and cheap when the index is current: it compares the number and the rowid
    sum of indexed documents with `reports` (a `REPLACE` that bypassed the delete trigger,
    or a database written before the triggers existed, shows up there). An index of the
    first layout (no end marker, no term list) is replaced. The term list is brought up
    to date with the rows the triggers queued. Returns True if the index was (re)built.
    """
    existing = set(db.table_names()) | set(db.view_names())
    created = False
    with db.conn:
        if SOURCE_VIEW in existing and _schema_sql(db, SOURCE_VIEW).lower() != _VIEW_SQL.lower():
            drop_index(db)  # the first layout: rebuilt below in the current one
            existing -= {SOURCE_VIEW, FTS_TABLE, TERMS_TABLE, PENDING_TABLE}
        if SOURCE_VIEW not in existing:
            db.execute(_VIEW_SQL)
        if FTS_TABLE not in existing:
            db.execute(
                f"create virtual table {FTS_TABLE} using fts5(title, text, "
                f"content='{SOURCE_VIEW}', content_rowid='rid', tokenize='trigram')"
            )
            created = True
        db.execute(
            f"create table if not exists {TERMS_TABLE} (term text primary key) without rowid"
        )
        db.execute(f"create table if not exists {PENDING_TABLE} (rid integer primary key)")
        short_created = short_terms.create(db)
        # An upsert's own conflict handling overrides an `or ignore` inside a trigger, so the
        # triggers avoid conflicts instead; a trigger of an older text is replaced.
        triggers = {t.name: t.sql for t in db.triggers}
        for name, sql in _TRIGGERS.items():
            if name in triggers and _squash(triggers[name]) != _squash(sql):
                db.execute(f"drop trigger {name}")
                del triggers[name]
            if name not in triggers:
                db.execute(sql)
        rebuilt = created or rebuild or not _in_step(db)
        queued = [r[0] for r in db.execute(f"select rid from {PENDING_TABLE}")]
        short_terms.update(db, queued, rebuild=rebuilt or short_created)
        if rebuilt:
            db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('rebuild')")
            _all_terms(db)
        else:
            _pending_terms(db)
    return rebuilt


def _squash(sql: str) -> str:
    return " ".join(sql.split()).lower()


def _schema_sql(db: sqlite_utils.Database, name: str) -> str:
    row = db.execute("select sql from sqlite_master where name = ?", [name]).fetchone()
    return row[0] if row else ""


def drop_index(db: sqlite_utils.Database) -> None:
    for name in _TRIGGERS:
        db.execute(f"drop trigger if exists {name}")
    db.execute(f"drop table if exists {FTS_TABLE}")
    db.execute(f"drop table if exists {TERMS_TABLE}")
    db.execute(f"drop table if exists {PENDING_TABLE}")
    db.execute(f"drop view if exists {SOURCE_VIEW}")
    short_terms.drop(db)


def _all_terms(db: sqlite_utils.Database) -> None:
    """The term list read whole from the index (fts5vocab), as the tokenizer folded it."""
    db.execute(f"delete from {TERMS_TABLE}")
    db.execute(f"create virtual table temp.nianbao_vocab using fts5vocab(main, {FTS_TABLE}, 'row')")
    try:
        db.execute(f"insert into {TERMS_TABLE}(term) select term from temp.nianbao_vocab")
    finally:
        db.execute("drop table temp.nianbao_vocab")
    db.execute(f"delete from {PENDING_TABLE}")


def _pending_terms(db: sqlite_utils.Database) -> None:
    """Add the trigrams of the rows written since the last call (queued by the triggers)."""
    rows = db.execute(
        f"select r.title, r.text from {PENDING_TABLE} p join reports r on r.rowid = p.rid"
    ).fetchall()
    for title, text in rows:
        db.conn.executemany(
            f"insert or ignore into {TERMS_TABLE}(term) values (?)",
            ((t,) for t in trigrams(title) | trigrams(text)),
        )
    db.execute(f"delete from {PENDING_TABLE}")


def trigrams(value: str | None) -> set[str]:
    """The terms the trigram tokenizer makes of `value` as indexed (case folded, END added).

    Python's lower() stands in for the tokenizer's Unicode case folding; they agree on
    every letter an annual report uses (Latin, Greek, Cyrillic, full-width Latin).
    """
    if value is None:
        return set()
    folded = (value + END).lower()
    return {folded[i : i + 3] for i in range(len(folded) - 2)}


def _in_step(db: sqlite_utils.Database) -> bool:
    indexed = db.execute(f"select count(*), total(id) from {FTS_TABLE}_docsize").fetchone()
    reports = db.execute("select count(*), total(rowid) from reports").fetchone()
    return tuple(indexed) == tuple(reports)


_TERMS = re.compile(r'"([^"]*)"|(\S+)')


def split_query(query: str) -> list[str]:
    """The terms of a search box query: whitespace separates terms, "quotes" keep a phrase."""
    terms = []
    for quoted, bare in _TERMS.findall(query or ""):
        term = (quoted or bare).strip()
        if term:
            terms.append(term)
    return terms


def fts_phrase(term: str) -> str:
    """An FTS5 phrase that matches `term` as a substring (for terms of 3+ characters)."""
    return '"' + term.replace('"', '""') + '"'


def short_term_clause(col: str, key: str, term: str) -> str:
    """SQL matching a one- or two-character `term` (its params: `short_term_params`).

    One or two ideographs are a token of their own index (`archive.short_terms`). Any other
    short term is the OR of the indexed trigrams that begin with it: those in the term list
    from `:key_lo` (the term, folded) up to `:key_hi` (exclusive). Reports written since
    either was last brought up to date are few and are scanned.
    """
    if short_terms.is_short_han(term):
        hit = short_terms.match_clause(col, key)
    else:
        expansion = (
            f"coalesce((select group_concat('\"' || replace(term, '\"', '\"\"') || '\"', ' OR ')"
            f" from {TERMS_TABLE} where term >= :{key}_lo and term < :{key}_hi), '{_NO_TERM}')"
        )
        hit = f"+{col}rowid in (select rowid from {FTS_TABLE} where {FTS_TABLE} match {expansion})"
    # `+rowid`: test membership while scanning whatever index serves the rest of the query
    # (the facet column, the sort column) instead of fetching every hit's row; CROSS JOIN:
    # the queue is the outer loop, never a scan of every report's text.
    return (
        f"({hit} or +{col}rowid in (select p.rid from {PENDING_TABLE} p cross join reports pr"
        f" on pr.rowid = p.rid where instr(coalesce(pr.title, ''), :{key})"
        f" or instr(coalesce(pr.text, ''), :{key})))"
    )


def short_term_params(term: str, key: str) -> dict[str, str]:
    if short_terms.is_short_han(term):
        return {key: term, **short_terms.match_params(term, key)}
    lo = term.lower()
    return {key: term, f"{key}_lo": lo, f"{key}_hi": lo[:-1] + chr(ord(lo[-1]) + 1)}


def search_clause(query: str, alias: str = "") -> tuple[str, dict[str, str]]:
    """A WHERE clause over `reports` (and its params) matching every term of `query`.

    Terms of three or more characters are phrases on the trigram index; shorter ones go
    through `short_term_clause`. An empty
    query gives a clause that is false. `alias` qualifies the columns (`r` for `reports r`).
    """
    col = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: dict[str, str] = {}
    long_terms = []
    for i, term in enumerate(split_query(query)):
        key = f"nianbao_q{i}"
        if len(term) >= MIN_MATCH_CHARS:
            long_terms.append(fts_phrase(term))
        else:
            params.update(short_term_params(term, key))
            clauses.append(short_term_clause(col, key, term))
    if long_terms:
        params["nianbao_match"] = " AND ".join(long_terms)
        clauses.insert(
            0,
            f"+{col}rowid in (select rowid from {FTS_TABLE}"
            f" where {FTS_TABLE} match :nianbao_match)",
        )
    if not clauses:
        return "0", {}
    return " and ".join(clauses), params


def search(db: sqlite_utils.Database | sqlite3.Connection, query: str, limit: int = 50) -> list:
    """Report ids matching `query`, best first (bm25 for long terms, else occurrences)."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    terms = split_query(query)
    if not terms:
        return []
    where, params = search_clause(query, alias="r")
    long_terms = [t for t in terms if len(t) >= MIN_MATCH_CHARS]
    if long_terms:
        sql = (
            f"select r.id from reports r join {FTS_TABLE} on {FTS_TABLE}.rowid = r.rowid "
            f"where {FTS_TABLE} match :nianbao_match and {where} order by {FTS_TABLE}.rank "
            "limit :limit"
        )
    else:
        occurrences = (
            " + ".join(
                f"(length(coalesce(r.title, '') || coalesce(r.text, '')) - length(replace("
                f"coalesce(r.title, '') || coalesce(r.text, ''), :nianbao_q{i}, '')))"
                for i, t in enumerate(terms)
                if len(t) < MIN_MATCH_CHARS
            )
            or "r.rowid"
        )
        sql = f"select r.id from reports r where {where} order by {occurrences} desc limit :limit"
    return [row[0] for row in conn.execute(sql, {**params, "limit": limit})]
