"""Chinese search: make the theme's query segmentation find whole index words.

How Material's free search handles Chinese: at build time the search plugin cuts
Chinese text into words with jieba and joins them with zero-width spaces; the
``separator`` in mkdocs.yml splits on those, so the index holds jieba's words
(卷积, 神经网络, 老式, 设计). A query has no such spaces, so the search worker
re-segments every run of Han characters against the index's own vocabulary (its
inverted index) before searching: the query side already does what the index side
did, with the index's words. Its segmenter, however, only looks at substrings that
end *before* the last character of the run (``for (o = s + 1; o < t.length; ...)``
in the minified worker): a word at the end of the query is never found whole.
卷积神经网络 became 卷积 + 神经 (神经网络 ends the query), 老式设计 became 老式 alone,
so most results lacked a query term, all were marked as missing part of the word,
and unrelated pages came first. Two-character queries worked only because no
shorter word fitted and the segmenter fell back to the whole run.

The worker then joins the words with ``"* "``, turning all but the last into prefix
queries (卷积*), which never matched and were always reported missing.

``fix_worker`` extends that loop by one (``o <= t.length``) and joins the words with a
plain space, in the built worker: 卷积神经网络 is now searched as 卷积 and 神经网络,
循环神经网络 as 循环 and 神经网络, 老式设计 as 老式 and 设计, every word matches, and
a page holding both words is no longer marked missing (measured in Chromium: before,
every result of 卷积神经网络 was marked missing 神经 or 卷积*; after, the first result
holds both words and nothing is missing). Two things the words alone cannot do: lunr has no phrase queries, so a short page
holding both words apart could rank above the pages holding the phrase; and the
theme marks a page's own entry missing when only one of its sections holds a word.
So ``search_zh.js`` is put at the start of the worker: it keeps the index's texts from the
setup message and, for a query with runs of Han characters, moves the pages whose
entries hold every run verbatim (word breaks removed) to the front, keeping the
theme's order otherwise; such a page is shown with the sections that hold the
phrase, and no term is marked missing on them. It runs in the worker,
on the theme's own messages, so no page script or theme override is needed.

Chosen over the alternatives: segmenting the query in the page before it reaches
the worker changes nothing, because the worker segments each Han run again with
the same loop; indexing character n-grams instead of words would change the
index of every page and the theme's highlighting and "missing" marks, and grow the
index several times. The patch is one character in one place; when the theme's
worker no longer has that loop (a new version of Material), the build stops and
says so rather than shipping a search that is quietly broken again.
"""

from __future__ import annotations

import re
from pathlib import Path

WORKERS = "assets/javascripts/workers"
RERANK = Path(__file__).with_name("search_zh.js")
RERANK_MARK = "/* bench: Chinese phrases first."

# for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s): names are the minifier's.
_LOOP = re.compile(
    r"for\(let (?P<o>\w+)=(?P<s>\w+)\+1;(?P=o)(?P<cmp><=?)(?P<t>\w+)\.length;(?P=o)\+\+\)"
    r"(?P=t)\.slice\((?P=s),(?P=o)\)in \w+&&"
)


# [...fe(s,this.index.invertedIndex)].join("* "): the words of a run, all but the last made prefixes.
_JOIN = re.compile(r'\[\.\.\.\w+\(\w+,this\.index\.invertedIndex\)\]\.join\("(?P<glue>\* | )"\)')


class WorkerChanged(RuntimeError):
    """The theme's search worker does not hold the segmenter loop this module fixes."""


def fix_text(text: str) -> tuple[str, bool]:
    """The worker's text with the segmenter's last word reachable; whether anything changed."""
    changed = False
    for pattern, group, fixed, what in ((_LOOP, "cmp", "<=", "segmenter loop"), (_JOIN, "glue", " ", "join of the words")):
        found = list(pattern.finditer(text))
        if len(found) != 1:
            raise WorkerChanged(f"expected one Chinese {what} in the search worker, found {len(found)}")
        match = found[0]
        if match.group(group) != fixed:
            text = text[:match.start(group)] + fixed + text[match.end(group):]
            changed = True
    if RERANK_MARK not in text:
        # First, so that its listener sees a query before the theme's answers it (the theme
        # answers in a microtask, which runs before the next listener); after the strict-mode
        # directive, which must stay the first statement.
        directive = '"use strict";' if text.startswith('"use strict";') else ""
        text = directive + "\n" + RERANK.read_text(encoding="utf-8") + text[len(directive):]
        changed = True
    return text, changed


def fix_worker(site_dir: Path) -> list[Path]:
    """Fix every search worker under ``site_dir``; return the files changed."""
    workers = sorted((site_dir / WORKERS).glob("search.*.js"))
    if not workers:
        raise WorkerChanged(f"no search worker under {WORKERS}/ in the built site")
    changed = []
    for path in workers:
        text, did = fix_text(path.read_text(encoding="utf-8"))
        if did:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
