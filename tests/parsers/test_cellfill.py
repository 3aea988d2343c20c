"""Rows that lost or gained cells in extraction (parsers/cellfill.py)."""

from __future__ import annotations

from parsers.cellfill import drop_surplus, recover

KEYS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
TOTAL = [("total", KEYS[:6])]


def test_recover_fills_only_what_every_placement_agrees_on() -> None:
    assert recover([0, 0, 0, 0, 0, 0], KEYS, TOTAL) == dict.fromkeys(KEYS, 0)
    # 2 0 0 0 0 2 could be 2 0 0 0 0 0 2 or 0 2 0 0 0 0 2 or 2 0 0 0 0 2 4 …: only the
    # middle 0s hold in every placement
    got = recover([2, 0, 0, 0, 0, 2], KEYS, TOTAL)
    assert got is not None and got["research"] == 0 and got["total"] is None


def test_a_stray_trailing_cell_is_left_out_when_the_sums_single_it_out() -> None:
    """055: the "2" of the next label ("2.其他法律…") joined a row of seven 0s."""
    assert drop_surplus([0, 0, 0, 0, 0, 0, 0, 2], KEYS, TOTAL) == dict.fromkeys(KEYS, 0)


def test_a_page_number_inside_the_row_is_found_by_the_sums() -> None:
    got = drop_surplus([3, 1, 0, 4, 0, 0, 0, 4], KEYS, TOTAL)  # the "4" of "- 4 -"
    assert got == dict(zip(KEYS, [3, 1, 0, 0, 0, 0, 4], strict=True))


def test_surplus_stays_unread_when_two_readings_fit() -> None:
    # 1 0 0 0 0 0 1 1: without the first 1 it reads 0 0 0 0 0 1 | 1, without the second
    # last 1 it reads 1 0 0 0 0 0 | 1: both add up, so neither is taken
    assert drop_surplus([1, 0, 0, 0, 0, 0, 1, 1], KEYS, TOTAL) is None
    # two equal cells either of which may be the stray one give the same reading
    assert drop_surplus([1, 1, 0, 0, 0, 0, 0, 1], KEYS, TOTAL) == dict(
        zip(KEYS, [1, 0, 0, 0, 0, 0, 1], strict=True)
    )


def test_surplus_needs_a_sum_to_test_against() -> None:
    assert drop_surplus([0, 0, 0, 0], ("made", "published", "total_public"), []) is None
    assert drop_surplus([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], KEYS, TOTAL) is None  # 3 extra
