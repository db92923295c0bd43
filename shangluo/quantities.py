"""Parse Chinese quantities such as ``3000余元``, ``129亿元``, ``14.7%`` or ``至少包抓一个``.

The parser turns the words the article uses into a value in base units
(yuan, not 万元 or 亿元; percent as 14.7) and into the range the wording
allows.  Vague wording is a range, never a point:

* ``X余`` / ``X多`` ("X and more"): more than X and less than X + step, where the
  step is the place value of the last non-zero digit of X, so 3000余 is
  (3000, 4000), 20余 is (20, 30) and 10多 is (10, 20).
* ``近X`` ("nearly X"): at least 0.9 X and less than X.
* ``至少X`` ("at least X"): X or more, no upper bound.
* ``超过X`` ("over X"): more than X, no upper bound.

`parse_quantity` reads the one quantity a ledger quote carries; `find_numbers`
lists every numeral in a text, for the completeness check.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Quantity",
    "QuantityError",
    "parse_quantity",
    "outside_readings",
    "outside_reading",
    "chinese_numeral_value",
    "find_numbers",
    "NumberToken",
    "UNIT_WORDS",
]


class QuantityError(ValueError):
    """A text does not hold exactly one quantity the parser can read."""


# Chinese numerals that count things.  两 and 双 are "two".
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_LARGE_UNITS)

# Words after a number, mapped to (unit family, multiplier to base units).
# Longer words first so that 平方米 wins over 米.
UNIT_WORDS: dict[str, tuple[str, int]] = {
    "平方米": ("area", 1),
    "万元": ("money", 10_000),
    "亿元": ("money", 100_000_000),
    "元": ("money", 1),
    "%": ("percent", 1),
    "岁": ("age", 1),
    "个": ("count", 1),
    "名": ("count", 1),
    "座": ("count", 1),
    "袋": ("count", 1),
    "本": ("count", 1),
    "户": ("count", 1),
    "项": ("count", 1),
    "件": ("count", 1),
}

_UNIT_RE = "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True))
_ARABIC = r"\d+(?:\.\d+)?"
_CHINESE = f"[{CHINESE_NUMERAL_CHARS}]+"
_QUANTITY_RE = re.compile(
    rf"(?:(?P<prefix>近|至少|超过)[^\d{CHINESE_NUMERAL_CHARS}]{{0,4}}?)?"
    rf"(?P<number>{_ARABIC}|{_CHINESE})"
    rf"(?P<vague>余|多)?"
    rf"(?P<unit>{_UNIT_RE})"
)
_ORDINAL_RE = re.compile(rf"第(?P<number>{_CHINESE}|\d+)")


@dataclass(frozen=True)
class Quantity:
    """One quantity read from Chinese text, in base units."""

    value: float
    lower: float | None
    upper: float | None
    qualifier: str  # exact | more_than | nearly | at_least | over
    family: str  # money | percent | count | area | age | rank
    unit_word: str
    span: tuple[int, int]

    @property
    def is_range(self) -> bool:
        return self.lower != self.upper


def chinese_numeral_value(text: str) -> int:
    """Value of a Chinese numeral: 一 → 1, 十五 → 15, 三百 → 300, 两万 → 20000."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise QuantityError(f"not a Chinese numeral: {text!r}")
    yi_part = 0  # what has been multiplied by 亿 so far
    wan_part = 0  # what has been multiplied by 万 since the last 亿
    section = 0  # below 万: 三千五百 → 3500
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            below = section + (digit or 0)
            if ch == "万" and not below and wan_part:  # 四万万 → 400 million
                wan_part *= _LARGE_UNITS[ch]
            elif ch == "万":  # 两万 → 20000; 一亿五千万: only the 五千 is multiplied
                wan_part += (below or 1) * _LARGE_UNITS[ch]
            else:  # 亿 multiplies everything before it: 一万亿 → 10^12
                yi_part = (yi_part + wan_part + (below or (0 if wan_part or yi_part else 1))) * _LARGE_UNITS[ch]
                wan_part = 0
            section, digit = 0, None
    return yi_part + wan_part + section + (digit or 0)


def _number_value(token: str) -> Decimal:
    if token[0].isdigit():
        return Decimal(token)
    return Decimal(chinese_numeral_value(token))


def _step(number: Decimal) -> Decimal:
    """Place value of the last non-zero digit of a whole number: 3000 → 1000."""
    if number != number.to_integral_value() or number <= 0:
        raise QuantityError(f"余/多 needs a positive whole number, not {number}")
    n = int(number)
    step = 1
    while n % (step * 10) == 0:
        step *= 10
    return Decimal(step)


def _plain(x: Decimal) -> float | int:
    return int(x) if x == x.to_integral_value() else float(x)


def parse_quantity(text: str) -> Quantity:
    """Read the single quantity in ``text`` (a ledger quote).

    Raises `QuantityError` when the text holds no quantity or more than one.
    """
    matches = list(_QUANTITY_RE.finditer(text))
    ordinals = list(_ORDINAL_RE.finditer(text))
    if len(matches) + len(ordinals) != 1:
        found = [m.group(0) for m in matches] + [m.group(0) for m in ordinals]
        raise QuantityError(
            f"expected exactly one quantity in {text!r}, found {len(found)}: {found}"
        )
    if ordinals:
        m = ordinals[0]
        rank = _number_value(m.group("number"))
        return Quantity(_plain(rank), _plain(rank), _plain(rank), "exact", "rank",
                        "第", m.span())
    m = matches[0]
    family, multiplier = UNIT_WORDS[m.group("unit")]
    number = _number_value(m.group("number"))
    value = number * multiplier
    prefix, vague = m.group("prefix"), m.group("vague")
    if prefix and vague:
        raise QuantityError(f"both {prefix} and {vague} qualify {m.group(0)!r}")
    start = m.start("number") if not prefix else m.start("prefix")
    if vague:
        qualifier, lower, upper = "more_than", value, (number + _step(number)) * multiplier
    elif prefix == "近":
        qualifier, lower, upper = "nearly", value * Decimal("0.9"), value
    elif prefix == "至少":
        qualifier, lower, upper = "at_least", value, None
    elif prefix == "超过":
        qualifier, lower, upper = "over", value, None
    else:
        qualifier, lower, upper = "exact", value, value
    return Quantity(
        value=_plain(value),
        lower=_plain(lower),
        upper=None if upper is None else _plain(upper),
        qualifier=qualifier,
        family=family,
        unit_word=m.group("unit"),
        span=(start, m.end()),
    )


@dataclass(frozen=True)
class NumberToken:
    """A numeral found in running text, with its offsets."""

    text: str
    start: int
    end: int
    kind: str  # arabic | chinese


_TOKEN_RE = re.compile(rf"(?P<arabic>{_ARABIC})|(?P<chinese>{_CHINESE})")


def find_numbers(text: str) -> list[NumberToken]:
    """Every run of Arabic digits and every run of Chinese numeral characters."""
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        kind = "arabic" if m.group("arabic") else "chinese"
        tokens.append(NumberToken(m.group(0), m.start(), m.end(), kind))
    return tokens


def isclose(a: float | None, b: float | None) -> bool:
    """Equality for ledger values: both missing, or equal to 1e-9 relative."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------- outside figures

# The outside sources write their figures in many ways (traditional characters, 斤, 下降),
# so they are not parsed like the ledger's quotes.  Instead every Arabic number in the
# words that state a figure (data/context.csv, column figure_quote) is read with its scale
# (万/萬, 亿/億), its sign (下降 "fell") and its vague word, and the row's value must be one
# of these readings; 斤 (half a kilogram) may be converted to kilograms.
_OUTSIDE_RE = re.compile(
    r"(?P<fall>下降|下滑|減少|减少)?(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>[万萬亿億])?"
    r"(?P<unit>元|块钱|斤|吨|噸|%)?(?P<vague>之多|余|餘|多)?"
)
_OUTSIDE_SCALE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# 斤 to kilograms: a weight in 斤 halves, a price per 斤 doubles.
_JIN_FACTORS = (Decimal("0.5"), Decimal(2))


def outside_readings(figure_quote: str) -> list[Quantity]:
    """Every reading of the numbers in an outside figure's words, in base units.

    ``X余``/``X多`` is a range by the same rule as the article's figures.  ``X之多``
    ("as much as X") stresses that an amount is large; unlike 余 and 多 straight after
    a numeral it does not mean "more than X", so it reads as X itself.
    """
    readings = []
    for m in _OUTSIDE_RE.finditer(figure_quote):
        number = Decimal(m.group("number"))
        scale = Decimal(_OUTSIDE_SCALE.get(m.group("scale") or "", 1))
        sign = -1 if m.group("fall") else 1
        factors = _JIN_FACTORS if "斤" in figure_quote else (Decimal(1),)
        for factor in factors:
            value = sign * number * scale * factor
            if m.group("vague") in ("余", "餘", "多"):
                upper = sign * (number + _step(number)) * scale * factor
                lower, upper, qualifier = min(value, upper), max(value, upper), "more_than"
            else:
                lower = upper = value
                qualifier = "as_much_as" if m.group("vague") == "之多" else "exact"
            readings.append(Quantity(_plain(value), _plain(lower), _plain(upper), qualifier,
                                     "outside", m.group(0), m.span()))
    return readings


def outside_reading(figure_quote: str, value: float) -> Quantity:
    """The reading of ``figure_quote`` that gives ``value``; `QuantityError` if none does."""
    for q in outside_readings(figure_quote):
        if isclose(q.value, value):
            return q
    found = ", ".join(f"{q.value:g}" for q in outside_readings(figure_quote)) or "no number"
    raise QuantityError(f"{value:g} is not what {figure_quote!r} states (it reads {found})")
