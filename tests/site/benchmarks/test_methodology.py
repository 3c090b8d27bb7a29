"""The methodology page's network table in both languages: a definition per registered workload."""

from __future__ import annotations

from html import escape

import pytest

from bench.harness.workloads import REGISTRY
from bench.site.benchmarks.pages.methodology import workloads_table
from bench.site.render import PageContext, unstash_html
from bench.site.strings import load_strings, translate

KEY = "bench.workload_variant.{}"


@pytest.mark.parametrize("workload_id", sorted(REGISTRY))
def test_every_registered_workload_has_its_definition_in_both_languages(workload_id):
    entry = load_strings().get(KEY.format(workload_id))
    assert entry is not None, f"add {KEY.format(workload_id)} (en and zh) to bench/site/benchmarks/strings.yaml"
    # the English is the registry's own sentence: a change there must bring its Chinese along
    assert entry["en"] == REGISTRY[workload_id].variant
    assert entry["zh"] != entry["en"] and any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"])


def test_no_definition_is_kept_for_a_workload_the_registry_dropped():
    kept = {key.removeprefix(KEY.format("")) for key in load_strings() if key.startswith(KEY.format(""))}
    assert kept == set(REGISTRY)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_table_shows_the_definitions_of_its_language(lang):
    html = unstash_html(workloads_table(PageContext(data=None, lang=lang)))  # the table reads the registry only
    for workload_id in REGISTRY:
        assert escape(translate(KEY.format(workload_id), lang)) in html
    if lang == "zh":
        assert escape(REGISTRY["alexnet"].variant) not in html
