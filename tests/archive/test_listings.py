"""List entries stored as intervals: one row per unchanged stretch, exact per-run membership."""

from __future__ import annotations

from archive.db import open_db
from archive.listings import listed_in, previous_entries, previous_run, save_listing

SITE = "a.gov.cn"


def night(db, run_id: int, entries: dict[str, str]) -> None:
    previous = previous_run(db, SITE, run_id)
    for url, entry in entries.items():
        for _ in range(2):  # an item listed in two columns is recorded once
            save_listing(
                db,
                run_id,
                site=SITE,
                list_url="l",
                url=url,
                entry=entry,
                seen_at=f"2026-01-0{run_id}",
                previous=previous,
            )


def test_intervals_grow_only_with_change_and_keep_each_runs_list(tmp_path):
    db = open_db(tmp_path / "a.db")
    night(db, 1, {"a": "A 2024-01-01", "b": "B 2024-01-02"})
    night(db, 2, {"a": "A 2024-01-01", "b": "B 2024-01-02"})
    assert db["listings"].count == 2  # an unchanged night adds no row
    night(db, 3, {"a": "A 2026-01-23", "b": "B 2024-01-02"})  # a's list date changed
    night(db, 4, {"b": "B 2024-01-02"})  # a is not listed
    night(db, 5, {"a": "A 2026-01-23", "b": "B 2024-01-02"})  # a is back
    rows = {(r["url"], r["first_run"], r["last_run"]) for r in db["listings"].rows}
    assert rows == {("a", 1, 2), ("a", 3, 3), ("a", 5, 5), ("b", 1, 5)}
    assert [listed_in(db, SITE, n) for n in range(1, 6)] == [
        {"a", "b"},
        {"a", "b"},
        {"a", "b"},
        {"b"},
        {"a", "b"},
    ]
    assert previous_entries(db, SITE, 3) == {"a": "A 2024-01-01", "b": "B 2024-01-02"}
    assert previous_entries(db, SITE, 6)["a"] == "A 2026-01-23"
    assert previous_run(db, SITE, 6) == 5 and previous_run(db, "other", 6) is None
