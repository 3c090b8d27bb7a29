"""Files a benchmark page writes next to its own HTML: chart specs (JSON) and table CSVs.

Chart data does not go inline into the page: each chart is a JSON file in the
page's folder, fetched by ``charts.js``; each table has a CSV beside it. The
files are written while the page's macros run (mkdocs has cleaned the site
folder before, and writes the page itself after). The two scripts that draw the
charts are added to a page with its first chart, and to no other page.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from bench.site.render import jinja_env

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
        """The placeholder of one chart (HTML), its spec written as ``name``.json; '' when there is no chart.

        The chart is a figure named by its title and described by its description,
        both in the page's language and shown under it with a link to its numbers
        (``name``.csv, the rows it draws): a reader who cannot see the drawing, or
        hover its marks, reads the same values there. The drawing itself is hidden
        from screen readers, whose users get the text and the numbers instead of
        hundreds of unlabelled marks.
        """
        if spec is None:
            return ""
        href = self.write(f"{name}.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
        data = self.write(f"{name}.csv", chart_csv(spec))
        title = spec.get("title") or ""
        title = title.get("text") or "" if isinstance(title, dict) else str(title)
        about = spec.get("description") or ""
        scripts = []
        if not self.scripts_added:
            self.scripts_added = True
            scripts = [self.asset(VENDOR_SCRIPT), self.asset(CHART_SCRIPT)]
        view = ChartView(href, data, title or about, about, f"{name}--about", t("bench.chart.data", self.lang),
                         t("bench.chart.noscript", self.lang), scripts)
        return str(_macros().chart(view))


@dataclass
class ChartView:
    """A chart's placeholder as ``benchmarks/_files.html.j2`` writes it (every text escaped there)."""

    href: str  # the spec
    data_href: str  # its rows as CSV
    label: str  # the title (or the description)
    about: str  # the description, shown under the chart
    about_id: str
    data_label: str
    noscript: str
    scripts: list[str]  # the two chart scripts, with the page's first chart only


def _macros():
    return jinja_env().get_template("benchmarks/_files.html.j2").module


def chart_csv(spec: dict[str, Any]) -> str:
    """The rows a chart draws (its ``datasets``), as CSV: one column per field, ranks left out.

    With more than one dataset, a first column names the dataset of each row.
    """
    datasets = spec.get("datasets") or {}
    several = len(datasets) > 1
    columns: dict[str, None] = {"dataset": None} if several else {}
    shapes: set[tuple[str, ...]] = set()  # the rows of a chart share a few sets of fields: each read once
    for rows in datasets.values():
        for row in rows:
            shape = tuple(row)
            if shape not in shapes:
                shapes.add(shape)
                columns.update((key, None) for key in shape if not key.endswith("_rank"))
    names = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for dataset, rows in datasets.items():
        for row in rows:
            get = row.get
            writer.writerow([dataset if name == "dataset" and several else get(name, "") for name in names])
    return buffer.getvalue()
