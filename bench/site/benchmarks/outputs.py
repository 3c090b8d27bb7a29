"""Files a benchmark page writes next to its own HTML: chart specs (JSON) and table CSVs.

Chart data does not go inline into the page: each chart is a JSON file in the
page's folder, fetched by ``charts.js``; each table has a CSV beside it. The
files are written while the page's macros run (mkdocs has cleaned the site
folder before, and writes the page itself after). The two scripts that draw the
charts are added to a page with its first chart, and to no other page.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from .text import t

VENDOR_SCRIPT = "assets/javascripts/vendor/vega-bundle.min.js"
CHART_SCRIPT = "assets/javascripts/charts.js"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class PageFiles:
    """Writes files into the folder of the page being rendered; remembers them (tests read ``written``)."""

    def __init__(self, page: Any = None, lang: str = "en", folder: Path | None = None) -> None:
        self.page = page
        self.lang = lang
        dest = getattr(getattr(page, "file", None), "abs_dest_path", None)
        self.folder = folder if folder is not None else (Path(dest).parent if dest else None)
        dest_path = getattr(getattr(page, "file", None), "dest_path", None)
        # The site's root: the page's path without its own destination (zh/... included under i18n).
        self.root = Path(dest).parents[len(Path(dest_path).parts) - 1] if dest and dest_path else None
        self.written: dict[str, str] = {}
        self.scripts_added = False

    def write(self, name: str, text: str) -> str:
        """Write ``name`` next to the page; return the link to it, relative to the page."""
        if not _SAFE_NAME.match(name):
            raise ValueError(f"unsafe file name for a page output: {name!r}")
        self.written[name] = text
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_text(text, encoding="utf-8")
        return name

    def write_shared(self, path: str, text: str, done: set) -> str:
        """Write ``path`` at the root of the site, once per build (``done``: what was written);
        return the link to it. For files that do not depend on the language (a run's cells CSV)."""
        target = self._shared_target(path, done, text)
        if target is not None:
            target.write_text(text, encoding="utf-8")
        return self.asset(path)

    def copy_shared(self, path: str, source: Path, done: set) -> str:
        """``write_shared`` of a file as it is, byte for byte (a raw run file, for download)."""
        target = self._shared_target(path, done, str(source))
        if target is not None:
            shutil.copyfile(source, target)
        return self.asset(path)

    def _shared_target(self, path: str, done: set, record: str) -> Path | None:
        """Where ``path`` goes, its folder made; None when it was written already or there is no site."""
        if path in done:
            return None
        done.add(path)
        self.written[path] = record
        if self.root is None:
            return None
        target = self.root / path
        if target.parent not in done:  # one mkdir per folder and build
            target.parent.mkdir(parents=True, exist_ok=True)
            done.add(target.parent)
        return target

    def asset(self, path: str) -> str:
        """Link from this page to a file at the root of the site (assets are shared by both languages)."""
        url = getattr(self.page, "url", None)
        return get_relative_url(path, url) if url is not None else path

    def chart(self, name: str, spec: dict[str, Any] | None) -> str:
        """The placeholder of one chart (HTML), its spec written as ``name``.json; '' when there is no chart."""
        if spec is None:
            return ""
        href = self.write(f"{name}.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
        label = spec.get("description") or ""
        html = (f'<div class="bx-chart" data-spec="{escape(href)}" role="figure" aria-label="{escape(label)}">'
                f'<div class="bx-chart__view"></div>'
                f'<noscript><p>{escape(t("bench.chart.noscript", self.lang))}</p></noscript></div>')
        if not self.scripts_added:
            self.scripts_added = True
            html += (f'<script defer src="{escape(self.asset(VENDOR_SCRIPT))}"></script>'
                     f'<script defer src="{escape(self.asset(CHART_SCRIPT))}"></script>')
        return html

    def csv_link(self, name: str, text: str, label_key: str = "bench.table.csv") -> str:
        href = self.write(f"{name}.csv", text)
        return f'<a href="{escape(href)}" download>{escape(t(label_key, self.lang))}</a>'
