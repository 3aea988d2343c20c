"""`nianbao parse FILE --json` on the seed reports, scored against their gold answers.

This is the contract other people build on (DESIGN.md): one JSON object with the keys of
REPORT_FORMATS.md. Gold files sit beside their inputs in tests/fixtures/seeds; every field
and every cell of the five seeds must be right.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scoring import cases, cell_results, field_misses

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
CONTRACT_KEYS = {
    "is_annual_report", "agency", "year", "format", "published", "title", "article20",
    "applications", "review_litigation", "legacy_stats", "checks",
}  # fmt: skip


def parse_json(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "nianbao", "parse", str(path), "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.fixture(scope="module", params=list(cases(SEEDS)), ids=lambda case: case[0][:3])
def case(request):
    _, source, gold = request.param
    return parse_json(source), gold


def test_contract_keys(case):
    result, _ = case
    assert CONTRACT_KEYS <= set(result)


def test_metadata(case):
    result, gold = case
    assert field_misses(result, gold) == []


def test_every_gold_cell(case):
    result, gold = case
    assert [(where, got, want) for where, got, want, ok in cell_results(result, gold) if not ok] == []
