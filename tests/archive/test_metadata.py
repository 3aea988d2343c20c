"""The packaged Datasette metadata: one description per key, every table and column."""

from __future__ import annotations

import json
from importlib.resources import files

import sqlite_utils

from archive.publish import load_metadata
from tests.archive.helpers import build_publish_archive


def test_no_key_is_given_twice():
    """json.loads keeps the last of two equal keys: a merge that doubles a table's entry
    silently drops one of its descriptions."""
    doubled = []

    def pairs(items):
        keys = [k for k, _ in items]
        doubled.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(
        files("archive").joinpath("metadata.json").read_text("utf-8"), object_pairs_hook=pairs
    )
    assert doubled == []


def test_every_table_and_column_of_a_processed_archive_is_described(tmp_path):
    path = build_publish_archive(tmp_path / "nianbao.db")
    db = sqlite_utils.Database(path)
    tables = load_metadata()["databases"]["nianbao"]["tables"]
    shadow = {t for t in db.table_names() if t.startswith("reports_fts_")} - {
        "reports_fts_terms",
        "reports_fts_pending",
    }  # FTS5's own tables, which Datasette hides
    undescribed = []
    for name in [*db.table_names(), *db.view_names()]:
        if name in shadow:
            continue
        if not tables.get(name, {}).get("description"):
            undescribed.append(name)
            continue
        if name in db.table_names():
            columns = tables[name].get("columns", {})
            undescribed += [f"{name}.{c}" for c in db[name].columns_dict if not columns.get(c)]
    db.close()
    assert undescribed == []
