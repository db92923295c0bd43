"""The ledger's units: which parser family each belongs to, and how each reads in English."""

from __future__ import annotations

__all__ = ["UNIT_FAMILY", "UNIT_LABEL", "UNIT_LABEL_ZH", "unit_label"]

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


# How each reads in the Chinese edition: the measure word after a number (money and per
# cent are written by shangluo.chinese_numbers).
UNIT_LABEL_ZH = {
    "yuan": "元", "percent": "%", "rank": "", "year_of_age": "岁", "square_metre": "平方米",
    "person": "人", "project": "个", "chain": "条", "enterprise": "家", "difficulty": "个",
    "shed": "座", "bag": "袋", "booklet": "本", "industry": "个",
}


if set(UNIT_LABEL_ZH) != set(UNIT_LABEL):
    raise ValueError(f"units.UNIT_LABEL_ZH must name every unit of UNIT_LABEL: {sorted(set(UNIT_LABEL) ^ set(UNIT_LABEL_ZH))}")


def unit_label(unit: str, value) -> str:
    """The unit after a number: 'sheds', but '1 shed' (a value of exactly one is singular)."""
    return UNIT_SINGULAR.get(unit, UNIT_LABEL[unit]) if value == 1 else UNIT_LABEL[unit]


# The counting units in the singular; the others read the same after 1 (1 yuan, 1 m²).
UNIT_SINGULAR = {
    "person": "person", "project": "project", "chain": "chain", "enterprise": "enterprise",
    "difficulty": "difficulty", "shed": "shed", "bag": "bag", "booklet": "booklet", "industry": "industry",
}
