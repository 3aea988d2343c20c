"""`nianbao sites` lists the registry; `nianbao crawl` takes registry entries (no network)."""

from __future__ import annotations

import json

import sqlite_utils
from click.testing import CliRunner

from crawler.registry import load_registry
from nianbao.cli import main
from nianbao.crawl import record_site


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_sites_json_prints_every_entry():
    result = run("sites", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [e["name"] for e in entries] == [e.name for e in load_registry()]
    assert {"name", "agency", "province", "level", "home", "column", "platform"} <= set(entries[0])


def test_sites_table_and_filters():
    result = run("sites", "--province", "广东省", "--platform", "gkmlpt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "agency", "province", "level", "platform", "column"]
    assert any(line.startswith("gd-szyyj ") for line in lines)
    assert all("广东省" in line for line in lines[1:])


def test_crawl_unknown_site_fails_clearly(tmp_path):
    db = tmp_path / "a.db"
    result = run("crawl", "--site", "no-such-site", "--db", str(db))
    assert result.exit_code == 2
    assert "unknown site name(s): no-such-site" in result.output
    assert not db.exists()  # refused before anything was crawled or written


def test_crawl_url_and_site_are_exclusive(tmp_path):
    result = run("crawl", "--url", "http://127.0.0.1:1/", "--site", "mva", "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 2
    assert "either --url/--column-url or --site/--province" in result.output


def test_crawl_province_without_sites_fails(tmp_path):
    result = run("crawl", "--province", "火星", "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 2
    assert "no registry site matches --province 火星" in result.output


def test_crawl_registry_passes_targets_to_run_crawl(tmp_path, monkeypatch):
    """The registry options turn into run_crawl(targets=[(home, column), ...]); nothing is fetched."""
    import nianbao.crawl

    seen = {}

    def fake_run_crawl(db_path, **kwargs):
        seen.update(kwargs)
        return nianbao.crawl.CrawlResult(1, "ok", 1, 0, 0)

    monkeypatch.setattr(nianbao.crawl, "run_crawl", fake_run_crawl)
    result = run("crawl", "--site", "mva", "--site", "gd-szyyj", "--no-process", "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 0, result.output
    by_name = {e.name: e for e in load_registry()}
    assert seen["targets"] == [by_name["mva"].target, by_name["gd-szyyj"].target]

    result = run("crawl", "--province", "甘肃省", "--no-process", "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 0, result.output
    assert seen["targets"] == [e.target for e in load_registry() if e.province == "甘肃省"]


def test_record_site_keys_registry_entries_by_name(tmp_path):
    entry = next(e for e in load_registry() if e.name == "mva")
    db = sqlite_utils.Database(tmp_path / "a.db")
    record_site(db, entry.home, entry.column)
    record_site(db, "http://127.0.0.1:8101/", None)
    rows = {row["id"]: row for row in db["sites"].rows}
    assert set(rows) == {"mva", "127.0.0.1:8101"}
    mva = rows["mva"]
    assert (mva["agency"], mva["province"], mva["level"], mva["platform"]) == (
        entry.agency, "中央", "central", "trs",
    )  # fmt: skip
    assert mva["column_url"] == entry.column and mva["first_crawled"] == mva["last_crawled"]
    assert rows["127.0.0.1:8101"]["agency"] is None
