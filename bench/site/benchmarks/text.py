"""Words and number formats of the benchmark pages, per language.

Words live in ``strings.yaml`` (flat ``bench.*`` keys, ``{en, zh}`` each, the
format of the site's own strings file), read by the site's one translator
(``bench.site.strings``); nothing here spells a sentence.
Numbers are formatted here, once, so that a table cell, a CSV-free tooltip and
a chart axis show the same figure the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from .. import strings as _strings

LANGUAGES = ("en", "zh")
STRINGS_FILE = _strings.BENCH_STRINGS_PATH

t = _strings.translate
"""The site's one translator (``bench.site.strings.translate``), under the short name the benchmark code uses."""

t_or = _strings.translate_or
"""``translate_or``: the raw value (a workload, a unit) where no translation is kept."""


def strings() -> dict[str, dict[str, str]]:
    """The ``bench.*`` strings, as the one translator read them from ``strings.yaml`` beside this module."""
    return _strings.load_file(STRINGS_FILE)


# --- numbers ------------------------------------------------------------------

def _sig(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits, thousands grouped, no trailing exponent."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


TIME_UNITS = ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs"))


def time_unit(seconds: float) -> tuple[float, str]:
    """The scale and unit that show ``seconds`` with a leading digit: 0.0123 -> (1e-3, "ms")."""
    for scale, unit in TIME_UNITS:
        if abs(seconds) >= scale:
            return scale, unit
    return TIME_UNITS[-1]


def fmt_time(seconds: float | None, lang: str, unit_of: float | None = None) -> str:
    """``12.3 ms``; ``unit_of`` picks the unit from another value (an interval follows its median)."""
    if seconds is None:
        return t("bench.none", lang)
    return _fmt_time(seconds, unit_of)


@functools.lru_cache(maxsize=1 << 16)
def _fmt_time(seconds: float, unit_of: float | None) -> str:
    """The same in every language: cached, as a history formats each point once per language."""
    scale, unit = time_unit(seconds if unit_of is None else unit_of)
    return f"{_sig(seconds / scale)} {unit}"


def fmt_duration(seconds: float | None, lang: str) -> str:
    """How long a run took: ``45 s``, ``30 min``, ``2 h 5 min``."""
    if seconds is None:
        return t("bench.none", lang)
    if seconds < 120:
        return t("bench.duration.s", lang, s=round(seconds))
    minutes = round(seconds / 60)
    if minutes < 120:
        return t("bench.duration.min", lang, min=minutes)
    return t("bench.duration.h_min", lang, h=minutes // 60, min=minutes % 60)


def fmt_interval(low: float, high: float, lang: str, unit_of: float) -> str:
    """``12.1–12.6 ms``: both ends in the unit of ``unit_of`` (the median)."""
    return _fmt_interval(low, high, unit_of)


@functools.lru_cache(maxsize=1 << 16)
def _fmt_interval(low: float, high: float, unit_of: float) -> str:
    scale, unit = time_unit(unit_of)
    return f"{_sig(low / scale)}–{_sig(high / scale)} {unit}"


def ms(seconds: float | None) -> float | None:
    """Seconds as milliseconds for a CSV column (rounded to the nanosecond)."""
    return None if seconds is None else round(seconds * 1e3, 6)


def fmt_bytes(count: float | None, lang: str) -> str:
    """Binary units, as allocators count: ``5.21 GiB``."""
    if count is None:
        return t("bench.none", lang)
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return f"{_sig(value)} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    raise AssertionError("unreachable")


def fmt_rate(value: float | None, unit: str | None, lang: str) -> str:
    """``10,400 images/s``; the unit is translated where strings.yaml knows it."""
    if value is None:
        return t("bench.none", lang)
    label = t_or(f"bench.unit.{unit}", lang, unit or "") if unit else ""
    return f"{_sig(value)} {label}".strip()


def fmt_share(share: float | None, lang: str) -> str:
    if share is None:
        return t("bench.none", lang)
    return f"{_sig(share * 100, 2)}%"


def fmt_ratio(ratio: float | None, lang: str) -> str:
    if ratio is None:
        return t("bench.none", lang)
    return f"{_sig(ratio)}×"


def fmt_count(value: float | None, lang: str) -> str:
    """Large counts (parameters, FLOPs) in short scale with SI prefixes: ``61.1 M``, ``2.27 T``."""
    if value is None:
        return t("bench.none", lang)
    for scale, prefix in ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{_sig(value / scale)} {prefix}"
    return _sig(float(value))


def fmt_date(moment: dt.datetime | dt.date | None, lang: str) -> str:
    """ISO dates in both languages: unambiguous, and sortable by eye."""
    if moment is None:
        return t("bench.none", lang)
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(dt.UTC) if moment.tzinfo else moment
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat()


def fmt_day(moment: dt.datetime | None, lang: str) -> str:
    if moment is None:
        return t("bench.none", lang)
    if moment.tzinfo:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d")
