"""Words and number formats: every string in both languages, every key the code uses defined."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bench.site.benchmarks import text
from bench.site.benchmarks.text import fmt_bytes, fmt_duration, fmt_interval, fmt_rate, fmt_ratio, fmt_time, t

PACKAGE = Path(text.__file__).parent


def test_every_string_has_both_languages_and_the_same_placeholders():
    for key, entry in text.strings().items():
        assert key.startswith("bench."), key
        assert set(entry) == {"en", "zh"} and entry["en"].strip() and entry["zh"].strip(), key
        assert set(re.findall(r"\{(\w+)\}", entry["en"])) == set(re.findall(r"\{(\w+)\}", entry["zh"])), key


def test_every_key_the_code_uses_is_defined():
    used = set()
    for path in PACKAGE.glob("*.py"):
        used |= set(re.findall(r'"(bench\.[a-z_]+\.[a-z_./]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in text.strings())
    assert not missing, missing


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        t("bench.no.such.key", "en")


@pytest.mark.parametrize(("seconds", "expected"), [
    (0.0168, "16.8 ms"), (1.79, "1.79 s"), (0.000512, "512 µs"), (36.0, "36.0 s"), (4.95, "4.95 s"), (123.4, "123 s"),
])
def test_times(seconds, expected):
    assert fmt_time(seconds, "en") == expected


def test_interval_uses_the_unit_of_its_median():
    assert fmt_interval(0.0009, 0.0011, "en", 0.001) == "0.900–1.10 ms"


def test_rates_units_and_languages():
    assert fmt_rate(7619.048, "images/s", "en") == "7,619 images/s"
    assert fmt_rate(7619.048, "images/s", "zh") == "7,619 张图像/秒"
    assert fmt_rate(12.0, "widgets/s", "zh") == "12.0 widgets/s"  # unknown unit: kept as recorded


def test_bytes_ratios_durations():
    assert fmt_bytes(3_850_000_000, "en") == "3.59 GiB"
    assert fmt_ratio(4.821, "en") == "4.82×"
    assert fmt_duration(1800, "en") == "30 min" and fmt_duration(1800, "zh") == "30 分钟"
    assert fmt_duration(7500, "en") == "2 h 5 min"


def test_missing_values_are_a_dash_not_a_guess():
    assert fmt_time(None, "en") == fmt_bytes(None, "zh") == fmt_rate(None, "images/s", "en") == "–"


def test_dates_are_iso_in_both_languages():
    moment = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)
    assert text.fmt_date(moment, "en") == text.fmt_date(moment, "zh") == "2026-01-10 12:00 UTC"
