"""Datasette plugin: Chinese full-text search in the `reports` search box.

Datasette's built-in `?_search=` sends the query to FTS `MATCH`, which a trigram index
cannot answer for one- or two-character words (司法, 复议). A table whose metadata names
this plugin gets its `?_search=` from `archive.fts.search_clause` instead:

    "reports": {"plugins": {"nianbao-search": {"fts_table": "reports_fts"}}}

Loaded from this folder with `datasette --plugins-dir` (see `archive.publish`); the
`archive` package must be importable (it is wherever nianbao is installed).
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.filters import FilterArguments

from archive.fts import search_clause

PLUGIN = "nianbao-search"


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    config = datasette.plugin_config(PLUGIN, database=database, table=table)
    if not config:
        return None

    query = request.args.get("_search", "").strip()
    extra_context = {"supports_search": True, "search": query}
    if not query:
        return FilterArguments([], extra_context=extra_context)
    where, params = search_clause(query)
    return FilterArguments(
        [where],
        params,
        human_descriptions=[f'search matches "{query}"'],
        extra_context=extra_context,
    )
