"""The fix of the theme's Chinese query segmenter (bench/site/search_zh.py), on text."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from bench.site.search_zh import RERANK, WorkerChanged, fix_text, fix_worker

BUGGY = ("function fe(t,e){for(let s=0;s<t.length;s++)for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)}"
         'e=e.replace(r,s=>[...fe(s,this.index.invertedIndex)].join("* "))')


def test_the_loop_is_extended_to_the_last_character():
    fixed, changed = fix_text(BUGGY)
    assert changed
    loop_and_join = BUGGY.replace("o<t.length;o++", "o<=t.length;o++").replace('join("* ")', 'join(" ")')
    assert fixed == "\n" + RERANK.read_text(encoding="utf-8") + loop_and_join


def test_the_reranking_goes_after_the_strict_mode_directive():
    fixed, _ = fix_text('"use strict";' + BUGGY)
    assert fixed.startswith('"use strict";\n' + RERANK.read_text(encoding="utf-8"))


def test_a_fixed_worker_is_left_as_it_is():
    fixed, _ = fix_text(BUGGY)
    assert fix_text(fixed) == (fixed, False)


@pytest.mark.parametrize("text", ["", BUGGY.replace("t.slice(s,o)", "t.substr(s,o)"), BUGGY + BUGGY,
                                  BUGGY.replace("invertedIndex", "tokenSet")])
def test_a_worker_without_exactly_one_such_loop_is_refused(text):
    with pytest.raises(WorkerChanged):
        fix_text(text)


def test_the_installed_theme_still_has_the_loop():
    """When Material changes its worker, this fails first: re-check Chinese search then."""
    workers = sorted((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))
    assert workers
    for worker in workers:
        _, changed = fix_text(worker.read_text(encoding="utf-8"))
        assert changed


def test_fix_worker_changes_the_files_once(tmp_path):
    folder = tmp_path / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (folder / "search.abc.min.js").write_text(BUGGY, encoding="utf-8")
    assert fix_worker(tmp_path) == [folder / "search.abc.min.js"]
    assert fix_worker(tmp_path) == []
    with pytest.raises(WorkerChanged):
        fix_worker(tmp_path / "elsewhere")
