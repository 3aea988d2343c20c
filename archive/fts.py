"""Chinese full-text search over report titles and texts.

SQLite's default tokenizer does not segment Chinese, so the index is an FTS5 table with the
`trigram` tokenizer (SQLite >= 3.34): every three-character substring is a term, so any
query of three or more characters is an exact substring match, ranked by bm25. Trigrams
cannot match one- or two-character queries (司法, 复议); those fall back to a scan with
`instr()` over the same columns, ranked by how often the word occurs. docs/search.md has
the measurements behind this choice (against jieba segmentation).

Layout, kept in step with `reports` by triggers so that every writer (process, a revision
model, a manual fix) keeps it current:

- `reports_fts_source`: a view `select rowid as rid, title, text from reports`;
- `reports_fts`: FTS5 (title, text) whose external content is that view, so the index
  holds no second copy of the text. The view (rather than `content=reports`) also keeps
  Datasette's automatic FTS detection from claiming `?_search=` on `reports`: that is
  handled by `archive/plugins/search.py`, which applies `search_clause` below so that
  two-character queries work in the search box too.
"""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

FTS_TABLE = "reports_fts"
SOURCE_VIEW = "reports_fts_source"
MIN_MATCH_CHARS = 3  # the trigram tokenizer matches nothing shorter

_TRIGGERS = {
    "reports_fts_ai": f"""
        create trigger reports_fts_ai after insert on reports begin
          insert into {FTS_TABLE}(rowid, title, text) values (new.rowid, new.title, new.text);
        end""",
    "reports_fts_ad": f"""
        create trigger reports_fts_ad after delete on reports begin
          insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
            values ('delete', old.rowid, old.title, old.text);
        end""",
    "reports_fts_au": f"""
        create trigger reports_fts_au after update of title, text on reports
        when old.title is not new.title or old.text is not new.text begin
          insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
            values ('delete', old.rowid, old.title, old.text);
          insert into {FTS_TABLE}(rowid, title, text) values (new.rowid, new.title, new.text);
        end""",
}


def ensure_fts(db: sqlite_utils.Database, rebuild: bool = False) -> bool:
    """Create the report search index if it is missing, and rebuild it if it is stale.

    Idempotent and cheap when the index is current: it compares the number and the rowid
    sum of indexed documents with `reports` (a `REPLACE` that bypassed the delete trigger,
    or a database written before the triggers existed, shows up there). Returns True if
    the index was (re)built.
    """
    existing = set(db.table_names()) | set(db.view_names())
    created = False
    with db.conn:
        if SOURCE_VIEW not in existing:
            db.execute(
                f"create view {SOURCE_VIEW} as select rowid as rid, title, text from reports"
            )
        if FTS_TABLE not in existing:
            db.execute(
                f"create virtual table {FTS_TABLE} using fts5(title, text, "
                f"content='{SOURCE_VIEW}', content_rowid='rid', tokenize='trigram')"
            )
            created = True
        triggers = {t.name for t in db.triggers}
        for name, sql in _TRIGGERS.items():
            if name not in triggers:
                db.execute(sql)
        if created or rebuild or not _in_step(db):
            db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('rebuild')")
            return True
    return False


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


def search_clause(query: str, alias: str = "") -> tuple[str, dict[str, str]]:
    """A WHERE clause over `reports` (and its params) matching every term of `query`.

    Terms of three or more characters go through the trigram index; shorter ones are
    found with `instr()` on title and text. An empty query gives a clause that is false.
    `alias` qualifies the columns (`r` for `reports r`).
    """
    col = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: dict[str, str] = {}
    long_terms = []
    for i, term in enumerate(split_query(query)):
        if len(term) >= MIN_MATCH_CHARS:
            long_terms.append(fts_phrase(term))
        else:
            key = f"nianbao_q{i}"
            params[key] = term
            clauses.append(
                f"(instr(coalesce({col}title, ''), :{key})"
                f" or instr(coalesce({col}text, ''), :{key}))"
            )
    if long_terms:
        params["nianbao_match"] = " AND ".join(long_terms)
        clauses.insert(
            0,
            f"{col}rowid in (select rowid from {FTS_TABLE} where {FTS_TABLE} match :nianbao_match)",
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
