"""Flattening parsed tables into the archive's one-row-per-cell tables."""

from archive.process import _cells


def test_money_cells_keep_their_printed_text():
    article20 = {
        "procurement": {"projects": 1, "amount_wan_yuan": 273.969105, "raw": "2739691.05 元"},
        "rules": {"made": 0, "published": 0, "total_public": 0},
    }
    cells = {(c["item"], c["column"]): c for c in _cells("r1", article20, "item", "column")}
    assert set(cells) == {
        ("procurement", "projects"), ("procurement", "amount_wan_yuan"),
        ("rules", "made"), ("rules", "published"), ("rules", "total_public"),
    }  # fmt: skip
    assert cells[("procurement", "amount_wan_yuan")]["raw"] == "2739691.05 元"
    assert cells[("procurement", "amount_wan_yuan")]["value"] == 273.969105
    assert cells[("procurement", "projects")]["raw"] is None


def test_matrix_cells_without_raw():
    applications = {"new_received": {"natural_person": 2, "total": 2}, "granted": {"total": None}}
    cells = list(_cells("r1", applications, "row", "column"))
    assert {(c["row"], c["column"], c["value"]) for c in cells} == {
        ("new_received", "natural_person", 2), ("new_received", "total", 2), ("granted", "total", None),
    }  # fmt: skip
    assert all("raw" not in c for c in cells)
