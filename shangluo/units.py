"""The ledger's units: which parser family each belongs to, and how each reads in English."""

from __future__ import annotations

__all__ = ["UNIT_FAMILY", "UNIT_LABEL", "unit_label"]

# Which parser family each ledger unit belongs to.
UNIT_FAMILY = {
    "yuan": "money",
    "percent": "percent",
    "rank": "rank",
    "year_of_age": "age",
    "square_metre": "area",
    **{u: "count" for u in ("person", "project", "chain", "enterprise", "difficulty",
                            "shed", "bag", "booklet", "industry")},
}


# How each ledger unit reads after a number in running text.
UNIT_LABEL = {
    "yuan": "yuan", "percent": "per cent", "rank": "(rank)", "year_of_age": "years old",
    "square_metre": "m²", "person": "people", "project": "projects", "chain": "chains",
    "enterprise": "enterprises", "difficulty": "difficulties", "shed": "sheds", "bag": "bags",
    "booklet": "booklets", "industry": "industries",
}


def unit_label(unit: str, value) -> str:
    """The unit after a number: 'sheds', but '1 shed' (a value of exactly one is singular)."""
    return UNIT_SINGULAR.get(unit, UNIT_LABEL[unit]) if value == 1 else UNIT_LABEL[unit]


# The counting units in the singular; the others read the same after 1 (1 yuan, 1 m²).
UNIT_SINGULAR = {
    "person": "person", "project": "project", "chain": "chain", "enterprise": "enterprise",
    "difficulty": "difficulty", "shed": "shed", "bag": "bag", "booklet": "booklet", "industry": "industry",
}
