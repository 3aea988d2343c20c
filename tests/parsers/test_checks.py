"""Consistency checks: data, never exceptions; skipped or ok=None when inputs are null."""

from __future__ import annotations

from parsers.canonical import APPLICANT_COLUMNS, APPLICATION_ROWS_2019
from parsers.cellfill import recover
from parsers.checks import application_checks, review_checks, run_checks


def _apps(**rows: list[int | None]) -> dict:
    out = {key: dict.fromkeys(APPLICANT_COLUMNS, 0) for key in APPLICATION_ROWS_2019}
    for key, values in rows.items():
        out[key] = dict(zip(APPLICANT_COLUMNS, values, strict=True))
    return out


def _by_name(checks: list[dict]) -> dict[str, dict]:
    return {c["name"]: c for c in checks}


def test_consistent_table_passes_every_check() -> None:
    apps = _apps(
        new_received=[2, 0, 0, 0, 0, 0, 2],
        unable_not_held=[1, 0, 0, 0, 0, 0, 1],
        not_processed_complaint=[1, 0, 0, 0, 0, 0, 1],
        total_handled=[2, 0, 0, 0, 0, 0, 2],
    )
    checks = application_checks(apps)
    assert checks and all(c["ok"] is True for c in checks)
    names = _by_name(checks)
    assert names["applications.balance.natural_person"]["expected"] == 2
    assert names["applications.handled_sum.total"]["actual"] == 2
    assert "applications.row_total.new_received" in names


def test_failed_checks_are_reported_not_raised() -> None:
    apps = _apps(
        new_received=[3, 0, 0, 0, 0, 0, 2],  # row total wrong, and the column does not balance
        granted=[2, 0, 0, 0, 0, 0, 2],
        total_handled=[2, 0, 0, 0, 0, 0, 2],
    )
    names = _by_name(application_checks(apps))
    assert names["applications.row_total.new_received"] == {
        "name": "applications.row_total.new_received", "expected": 3, "actual": 2, "ok": False}
    assert names["applications.balance.natural_person"]["ok"] is False
    assert names["applications.balance.total"]["ok"] is True


def test_null_inputs_give_ok_none_or_no_check() -> None:
    apps = _apps(carried_forward=[None] * 7)
    names = _by_name(application_checks(apps))
    assert names["applications.balance.natural_person"]["ok"] is None
    assert "applications.row_total.carried_forward" not in names
    assert application_checks(None) == []


def test_review_checks() -> None:
    review = {
        "review": dict.fromkeys(["upheld", "corrected", "other", "pending", "total"]),
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
        "litigation_after_review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0,
                                    "total": 0},
    }
    names = _by_name(review_checks(review))
    assert "review_litigation.total.review" not in names  # all blank: nothing to check
    assert names["review_litigation.total.litigation_direct"]["ok"] is True
    assert names["review_litigation.total.litigation_after_review"] == {
        "name": "review_litigation.total.litigation_after_review", "expected": 1, "actual": 0,
        "ok": False}
    assert run_checks(None, None) == []


# ---- recovering lost cells: only what the sums prove ------------------------------------

KEYS = APPLICANT_COLUMNS
SUM = [("total", KEYS[:-1])]


def test_six_zeros_in_a_seven_column_row_are_seven_zeros() -> None:
    assert recover([0] * 6, KEYS, SUM) == dict.fromkeys(KEYS, 0)


def test_ambiguous_loss_fills_only_the_provable_cells() -> None:
    # 2 0 0 0 0 0 2 (a 0 lost), 0 2 0 0 0 0 2 (the first cell lost) or 2 0 0 0 0 2 4 (the
    # total lost): only the middle columns are the same (0) in every reading
    got = recover([2, 0, 0, 0, 0, 2], KEYS, SUM)
    assert got == {"natural_person": None, "commercial": None, "research": 0,
                   "social_welfare": 0, "legal_services": 0, "other_org": None, "total": None}
    # 5 5 0 0 0 0 10 lost its total: any other reading breaks the sum (5 + 5 + x = 0)
    got = recover([5, 5, 0, 0, 0, 0], KEYS, SUM)
    assert got == {"natural_person": 5, "commercial": 5, "research": 0, "social_welfare": 0,
                   "legal_services": 0, "other_org": 0, "total": 10}
    # only one reading keeps every count >= 0: 3 3 3 3 3 1 lost its total
    assert recover([3, 3, 3, 3, 3, 1], KEYS, SUM)["total"] == 16  # type: ignore[index]


def test_rows_without_a_sum_never_fill() -> None:
    assert recover([0, 0], ["previous", "change", "decisions"], []) == dict.fromkeys(
        ["previous", "change", "decisions"])


def test_review_row_with_a_whole_group_lost_is_not_guessed() -> None:
    keys = [f"{g}.{r}" for g in ("a", "b", "c")
            for r in ("upheld", "corrected", "other", "pending", "total")]
    sums = [(f"{g}.total", tuple(f"{g}.{r}" for r in ("upheld", "corrected", "other", "pending")))
            for g in ("a", "b", "c")]
    got = recover([0] * 10, keys, sums)
    assert got is not None and all(v is None for v in got.values())
    assert recover([0] * 14, keys, sums) == dict.fromkeys(keys, 0)
