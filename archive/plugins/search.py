"""Datasette plugin: Chinese full-text search in the `reports` search box.

Datasette's built-in `?_search=` sends the query to FTS `MATCH`, which a trigram index
cannot answer for one- or two-character words (司法, 复议). A table whose metadata names
this plugin gets its `?_search=` from `archive.fts.search_clause` instead:

    "reports": {"plugins": {"nianbao-search": {"fts_table": "reports_fts"}}}

A table page runs its WHERE clause many times: the rows, the count and one query per facet
(seven on `reports`). On an immutable database (`nianbao serve --public`) the search is
therefore resolved once into the list of matching rowids, kept in a small cache, and the
page's queries test membership in that list (or in its complement, whichever is shorter:
a word in nearly every report costs as little as a rare one). On a database that may
change, the clause itself is used.

Loaded from this folder with `datasette --plugins-dir` (see `archive.publish`); the
`archive` package must be importable (it is wherever nianbao is installed).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import OrderedDict

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments

from archive.fts import search_clause

PLUGIN = "nianbao-search"
CACHE_SIZE = 64  # distinct (database, query) hit lists kept
_hits: OrderedDict[tuple, tuple[bool, str]] = OrderedDict()


async def resolved_clause(db, table: str, query: str) -> tuple[str, dict]:
    """A WHERE clause equivalent to `search_clause(query)` on an immutable database:
    membership in the hit list (or not in its complement), as a JSON parameter.

    Hit lists are cached by the file (path, size, modification time) and the query.
    """
    stat = os.stat(db.path)
    key = (db.path, stat.st_size, stat.st_mtime_ns, table, query)
    if key not in _hits:
        where, params = search_clause(query)
        hits = await db.execute(f"select rowid from [{table}] where {where}", params)
        total = (await db.execute(f"select count(*) from [{table}]")).rows[0][0]
        ids = sorted(r[0] for r in hits.rows)
        if len(ids) * 2 > total:
            hit_set = set(ids)
            rest = await db.execute(f"select rowid from [{table}]")
            _hits[key] = (False, json.dumps([r[0] for r in rest.rows if r[0] not in hit_set]))
        else:
            _hits[key] = (True, json.dumps(ids))
        while len(_hits) > CACHE_SIZE:
            _hits.popitem(last=False)
    _hits.move_to_end(key)
    inside, ids = _hits[key]
    test = "in" if inside else "not in"
    return f"+rowid {test} (select value from json_each(:nianbao_hits))", {"nianbao_hits": ids}


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    config = datasette.plugin_config(PLUGIN, database=database, table=table)
    if not config:
        return None

    query = request.args.get("_search", "").strip()
    extra_context = {"supports_search": True, "search": query}
    if not query:
        return FilterArguments([], extra_context=extra_context)

    async def inner():
        db = datasette.get_database(database)
        where, params = search_clause(query)
        if not db.is_mutable:
            # too slow to resolve: the page's own queries meet the time limit and say so
            with contextlib.suppress(QueryInterrupted):
                where, params = await resolved_clause(db, table, query)
        return FilterArguments(
            [where],
            params,
            human_descriptions=[f'search matches "{query}"'],
            extra_context=extra_context,
        )

    return inner
