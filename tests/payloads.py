"""Hostile values for every text a data file or a run file carries, and the checks that none became markup.

Contributors write ``data/`` and the GPU runner writes ``data/runs/``: every string
in them is untrusted. ``inject`` puts a payload into every string (and every free
mapping key) of every data kind that the data layer still accepts with it, so the
battery follows the models: a field that refuses newlines gets the one-line
payload, a field that refuses both keeps its value. ``findings`` then reads a built
site and lists every place where a payload turned into markup: an element or an
attribute it made, a link to ``javascript:``, a heading it started, a template
expression evaluated. Used by the site tests (tests/site/test_site_payloads.py)
and the browser tests (tests/browser/test_browser_hostile.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

MARK = "pwn"  # every payload starts with it: the pages that show one are found by it
PAYLOADS = (
    # Several lines: a Markdown heading with an attribute list, an indented code line that
    # looks like a Python comment, a fenced one, raw HTML.
    ("pwnA\n# pwnh {: tabindex=1 autofocus onfocus=alert(31) }\n\n    # pwnc {: onfocus=alert(32) }\n"
     "```\n# pwnc {: onfocus=alert(33) }\n```\n<script>alert(34)</script>\n"),
    # One line: raw HTML, a javascript: link in Markdown, attribute breakouts, an attribute
    # list, a template expression, an entity that must stay text.
    ('pwnB <script>alert(1)</script><img src=x onerror=alert(2)> [pwnl](javascript:alert(3)) "><svg onload=alert(4)>'
     " ' onmouseover='alert(5) {: onclick=alert(6) } {{ 7*7 }}pwnjinja {% raw %} &lt;b&gt; pwnend"),
    # A value that is only a link to a script (a device name shown as a link, say).
    "javascript:alert(7)//pwnC",
)
EVIDENCE = ("pwnB &lt;script&gt;alert(1)&lt;/script&gt;", "pwnjinja")  # escaped text a page must show

Validate = Callable[[Any], object]


# --- injecting ------------------------------------------------------------------


def _leaves(tree: Any, path: tuple = ()) -> Iterator[tuple]:
    """Paths of every string leaf and every mapping of ``tree``."""
    if isinstance(tree, dict):
        yield (*path, None)  # the mapping itself: a free key may be added to it
        for key, value in tree.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _leaves(value, (*path, index))
    elif isinstance(tree, str):
        yield path


def _parent(tree: Any, path: tuple) -> Any:
    for key in path[:-1]:
        tree = tree[key]
    return tree


def _accepts(validate: Validate, tree: Any) -> bool:
    try:
        validate(tree)
    except (ValueError, TypeError, KeyError):  # pydantic's ValidationError is a ValueError
        return False
    return True


def inject_tree(tree: Any, validate: Validate) -> int:
    """Put a payload the model accepts into every string and mapping of ``tree``; returns how many.

    Each place tries the payloads in turn, starting from the next one each time, so that
    every payload lands somewhere whatever the models accept."""
    count = 0
    for index, path in enumerate(list(_leaves(tree))):
        start = index % len(PAYLOADS)
        order = PAYLOADS[start:] + PAYLOADS[:start]
        parent = _parent(tree, path)  # for a mapping's path: the mapping itself
        if path[-1] is None:  # a mapping: try a payload as a new key
            target = parent
            for payload in order:
                target[payload] = payload
                if _accepts(validate, tree):
                    count += 1
                    break
                del target[payload]
            continue
        old = parent[path[-1]]
        for payload in order:
            parent[path[-1]] = f"{old} {payload}" if old.strip() else payload
            if _accepts(validate, tree):
                count += 1
                break
        else:
            parent[path[-1]] = old
    return count


def _yaml_kinds() -> list[tuple[str, str, type]]:
    from bench.data.glossary import GlossaryFile
    from bench.data.hardware import HardwareFile
    from bench.data.models import AreasFile, FrameworksFile, RatingsFile
    from bench.data.reference import ReferenceFile
    from bench.data.releases import ReleasesFile
    from bench.data.scenarios import ScenariosFile

    return [("frameworks.yaml", "frameworks", FrameworksFile), ("areas.yaml", "areas", AreasFile),
            ("ratings/*/*.yaml", "ratings", RatingsFile), ("reference/*.yaml", "reference", ReferenceFile),
            ("glossary.yaml", "glossary", GlossaryFile), ("releases.yaml", "releases", ReleasesFile),
            ("scenarios.yaml", "scenarios", ScenariosFile), ("hardware.yaml", "hardware", HardwareFile)]


def inject(data: Path) -> Counter:
    """Inject payloads into every data file under ``data`` in place; returns the injections per kind."""
    from bench.data.runs import Run, migrate

    counts: Counter = Counter()
    for pattern, kind, model in _yaml_kinds():
        for path in sorted(data.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            header = text.splitlines(keepends=True)[0] if text.startswith("#") else ""
            tree = yaml.safe_load(text)
            counts[kind] += inject_tree(tree, model.model_validate)
            path.write_text(header + yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1000),
                            encoding="utf-8")
    for path in sorted((data / "runs").glob("*.json")):
        tree = json.loads(path.read_text(encoding="utf-8"))
        counts["runs"] += inject_tree(tree, lambda doc: Run.model_validate(migrate(json.loads(json.dumps(doc)))))
        path.write_text(json.dumps(tree, ensure_ascii=False, indent=1), encoding="utf-8")
    return counts


# --- reading a built site ---------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
PAYLOAD_HEADINGS = ("pwnh", "pwnc")


class _Reader(HTMLParser):
    """Every element a page has, what it carries, and what a payload could have made of it."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.found: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("autofocus", "srcdoc"):
                self.found.append(f"{self.where}: <{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and "".join(value.split()).lower().startswith(BAD_SCHEMES):
                self.found.append(f"{self.where}: <{tag} {name}={value[:60]!r}>")
        if tag in ("iframe", "object", "embed", "base"):  # (the theme has one <form>: its search)
            self.found.append(f"{self.where}: <{tag}>")
        self.open.append(tag)
        self.text = []

    def handle_data(self, data: str) -> None:
        tag = self.open[-1] if self.open else ""
        if tag == "script" and "alert(" in data:
            self.found.append(f"{self.where}: a script runs {data.strip()[:60]!r}")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and not self.text and data.lstrip().startswith(PAYLOAD_HEADINGS):
            self.found.append(f"{self.where}: <{tag}> made from a payload line: {data.strip()[:60]!r}")
        if "49pwnjinja" in data:
            self.found.append(f"{self.where}: a template expression was evaluated: {data.strip()[:60]!r}")
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


def html_findings(html: str, where: str) -> list[str]:
    reader = _Reader(where)
    reader.feed(html)
    reader.close()
    return reader.found


def findings(site: Path) -> list[str]:
    """Every place in a built site where a payload became markup (HTML pages, search indexes, scripts)."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        where = str(path.relative_to(site))
        if path.suffix == ".html":
            found += html_findings(path.read_text(encoding="utf-8"), where)
        elif path.name == "search_index.json":  # the theme shows titles and texts of results as HTML
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                found += html_findings(f"<h1>{doc['title']}</h1>{doc['text']}", f"{where} {doc['location']}")
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))  # still JSON: no value broke out of its string
        elif path.suffix == ".js" and "alert(" in path.read_text(encoding="utf-8", errors="replace"):
            found.append(f"{where}: a payload reached a script")
    return found


def pages_showing(site: Path, needle: str) -> list[Path]:
    return [path for path in sorted(site.rglob("*.html")) if needle in path.read_text(encoding="utf-8")]
