"""Helpers of the browser tests: build the site, serve it on 127.0.0.1, watch what the browser does.

- ``start_build`` builds the site from a data folder in a copy of the project's
  pages (the hook writes its generated pages into that copy, never into docs/),
  as ``make build`` does: ``mkdocs build --strict``, in its own process, with
  BENCH_DATA_DIR pointing at the data (mkdocs.yml: ``extra.bench.data_dir``).
- ``SiteServer`` serves a built site under the path of ``site_url`` (the Pages
  project path, e.g. ``/dl-frameworks-compared/``), as GitHub Pages does, from a
  thread of the test process: HTTP/1.1, ``Cache-Control: max-age=600`` (Pages
  sends the same), anything outside that path is a 404.
- ``Watch`` records, for one browser context, every request that leaves
  127.0.0.1, every failed request or response of status 400 or more, every
  console error or warning, uncaught page error and dialog; ``settle`` waits until the
  page has no request in flight.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURE_RUNS = REPO / "tests" / "fixtures" / "runs"
OUTPUT = REPO / "test-output"  # git-ignored (/test-output/ in .gitignore)
HOST = "127.0.0.1"

# Chromium as it works on these machines (Debian's package; Playwright's own browser download fails);
# Playwright adds --headless and a fresh user-data-dir. The resolver rule makes every host
# but 127.0.0.1 unresolvable: the suite never reaches the network, and a request that tries
# is still seen (and reported) by Watch.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {HOST}",
]

# Hostile contributor text: none of it may run in a reader's browser.
PWNED = "window.__pwned"
HOSTILE_MARK = "pwnmark"  # a plain word, to find the pages that carry the text
HOSTILE_LINK = "pwnlink"  # the text of the javascript: link
HOSTILE_TEXT = (
    f' {HOSTILE_MARK} <script>{PWNED}=1</script> <img src=x onerror="{PWNED}=1">'
    f" [{HOSTILE_LINK}](javascript:{PWNED}=1)"
    f' <a href="javascript:{PWNED}=1" onclick="{PWNED}=1">pwnraw</a>'
    f' <b onmouseover="{PWNED}=1">pwnhover</b> <svg onload="{PWNED}=1"></svg>'
)


# --- building ---------------------------------------------------------------


def site_path() -> str:
    """The path of mkdocs.yml's site_url (default, SITE_URL unset), e.g. ``/dl-frameworks-compared/``."""
    from mkdocs.utils.yaml import yaml_load  # resolves !ENV as mkdocs does

    saved = os.environ.pop("SITE_URL", None)
    try:
        with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
            config = yaml_load(handle)
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved
    path = urlparse(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def copy_data(dest: Path, runs: list[Path]) -> Path:
    """A copy of data/ whose runs/ holds exactly ``runs``."""
    from bench.site.benchmarks.sandbox import data_copy

    data_copy(dest.parent, runs)
    if dest.name != "data":
        (dest.parent / "data").rename(dest)
    return dest


def add_hostile_text(data: Path) -> str:
    """Append HOSTILE_TEXT to one rating's summary and rationale, both languages; returns the framework id."""
    current = data / "ratings" / "current"
    path = current / "pytorch.yaml" if (current / "pytorch.yaml").exists() else min(current.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True)[:1] if line.startswith("#"))
    ratings = yaml.safe_load(text)
    area = next(a for a, entry in ratings["areas"].items() if entry.get("summary"))
    entry = ratings["areas"][area]
    for key in ("summary", "rationale"):
        for lang in ("en", "zh"):
            entry[key][lang] = entry[key][lang].rstrip() + HOSTILE_TEXT
    body = yaml.safe_dump(ratings, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + body, encoding="utf-8")
    return ratings["framework"]


@dataclass
class Build:
    name: str
    site: Path
    process: subprocess.Popen
    log: Path
    started: float = field(default_factory=time.perf_counter)

    def wait(self) -> Path:
        code = self.process.wait(timeout=600)
        output = self.log.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            raise RuntimeError(f"mkdocs build of the {self.name} site failed ({code}):\n{output[-4000:]}")
        return self.site


def start_build(name: str, data: Path, work: Path) -> Build:
    """Start ``mkdocs build --strict`` of the project's pages against ``data`` (in a copy under ``work``)."""
    project = work / "project"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")  # stale generated pages are rewritten by the hook
    (project / "bench").symlink_to(REPO / "bench", target_is_directory=True)  # hooks and macros module
    (project / "data").symlink_to(data, target_is_directory=True)  # mkdocs.yml watches data/
    site = work / "site"
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(BENCH_DATA_DIR=str(data), NO_MKDOCS_2_WARNING="1")
    log = work / "build.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-q",
                "-f",
                str(project / "mkdocs.yml"),
                "-d",
                str(site),
            ],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Build(name, site, process, log)


# --- serving ----------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    prefix = "/"

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


class SiteServer:
    """A built site served on 127.0.0.1 (a free port) under ``prefix``, from a daemon thread."""

    def __init__(self, root: Path, prefix: str):
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.root = root
        self.prefix = prefix
        self.httpd = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=f"site-{root.name}", daemon=True)
        self.thread.start()
        self.base = f"http://{HOST}:{self.httpd.server_address[1]}{prefix}"

    def url(self, path: str = "") -> str:
        return urljoin(self.base, path)

    def path_of(self, url: str) -> str:
        """The site-relative path of one of this server's URLs ("" for the home page)."""
        parsed = urlparse(url)
        assert parsed.netloc == urlparse(self.base).netloc, url
        assert parsed.path.startswith(self.prefix), url
        return parsed.path[len(self.prefix) :]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the pages --------------------------------------------------------------

LANGS = ("en", "zh")


@dataclass(frozen=True)
class SitePage:
    path: str  # relative to the site root: "", "areas/modeling/", "zh/", "404.html"
    lang: str

    @property
    def counterpart(self) -> str:
        """The same page in the other language."""
        if self.path == "404.html":
            return ""  # one 404 page; its switcher leads to the home pages
        return self.path[len("zh/") :] if self.lang == "zh" else "zh/" + self.path

    def in_lang(self, lang: str) -> str:
        return self.path if lang == self.lang else self.counterpart


def site_pages(site: Path) -> list[SitePage]:
    """Every HTML page of a built site, in both languages, sorted (404.html last)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        path = "" if rel == "." else rel + "/"
        pages.append(SitePage(path, "zh" if path.startswith("zh/") else "en"))
    if (site / "404.html").exists():
        pages.append(SitePage("404.html", "en"))
    return pages


def pages_with(site: Path, needle: str) -> list[SitePage]:
    return [p for p in site_pages(site) if needle in page_file(site, p).read_text(encoding="utf-8")]


def page_file(site: Path, page: SitePage) -> Path:
    return site / page.path if page.path.endswith(".html") else site / page.path / "index.html"


def chart_pages(site: Path) -> list[SitePage]:
    return pages_with(site, 'class="bx-chart"')


# A small phone: 375 x 740 CSS pixels, a touch screen.
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def phone_pages(site) -> list[str]:
    """The home page (overview matrix), the tables of frameworks and areas, the benchmark pages."""
    paths = ["", "frameworks/", "areas/", "benchmarks/", "benchmarks/then-and-now/", "benchmarks/runs/"]
    paths += [p.path for p in chart_pages(site.root) if p.lang == "en"]
    runs = sorted(p.parent.name for p in (site.root / "benchmarks" / "runs").glob("*/index.html"))
    paths += [f"benchmarks/runs/{runs[-1]}/"] if runs else []
    return [p for p in dict.fromkeys(paths) if (site.root / p / "index.html").exists()]


# --- watching the browser ---------------------------------------------------


@dataclass
class Problem:
    kind: str  # external, failed, http, console (an error or a warning), pageerror, dialog
    where: str  # the page being looked at
    what: str

    def __str__(self) -> str:
        return f"{self.where or '(no page)'}: {self.kind}: {self.what}"


class Watch:
    """Everything one browser context does that a clean page must not do."""

    def __init__(self, context):
        self.problems: list[Problem] = []
        self.where = ""
        self.inflight: set = set()
        self.last_activity = time.monotonic()
        context.on("request", self._request)
        context.on("requestfinished", self._done)
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda error: self._add("pageerror", str(error.error)))
        context.on("dialog", self._dialog)

    def _add(self, kind: str, what: str) -> None:
        self.problems.append(Problem(kind, self.where, what))

    @staticmethod
    def local(url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in ("data", "blob", "about") or parsed.hostname == HOST

    def _request(self, request) -> None:
        self.inflight.add(request)
        self.last_activity = time.monotonic()
        if not self.local(request.url):
            self._add("external", f"{request.method} {request.url}")

    def _done(self, request) -> None:
        self.inflight.discard(request)
        self.last_activity = time.monotonic()

    def _failed(self, request) -> None:
        self._done(request)
        failure = request.failure or ""
        if not self.local(request.url):
            return  # reported as external
        if failure == "net::ERR_ABORTED":
            return  # cancelled by the browser: the page was left, or a script stopped it
        self._add("failed", f"{request.url} ({failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._add("http", f"{response.status} {response.url}")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):  # a warning too: Vega logs what it could not draw as one
            location = message.location or {}
            if message.text.startswith("Failed to load resource") and not self.local(location.get("url", "")):
                return  # the request is reported as external
            self._add("console", f"{message.text} [{location.get('url', '')}:{location.get('lineNumber', '')}]")

    def _dialog(self, dialog) -> None:
        self._add("dialog", f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def settle(self, page, quiet: float = 0.1, limit: float = 15.0) -> None:
        """Wait until no request of this context has been in flight for ``quiet`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)  # lets Playwright deliver the events
            if not self.inflight and time.monotonic() - self.last_activity >= quiet:
                return
        pending = ", ".join(sorted(r.url for r in self.inflight))
        self._add("timeout", f"requests still in flight after {limit:.0f} s: {pending}")

    def take(self, *kinds: str) -> list[Problem]:
        """The problems recorded so far (of ``kinds``, or all), removed from the record."""
        taken = [p for p in self.problems if not kinds or p.kind in kinds]
        self.problems = [p for p in self.problems if p not in taken]
        return taken


def problem_report(problems: list[Problem], limit: int = 60) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)


def visit(page, watch: Watch, url: str, where: str | None = None, settle: bool = True) -> None:
    """Open ``url``, wait for its charts (if any) and, with ``settle``, for the network to be quiet.

    The network goes quiet after the search worker has fetched the search index and its
    language files, a few hundred milliseconds after the page's load event.
    """
    watch.where = where if where is not None else url
    page.goto(url, wait_until="load")
    if page.evaluate("document.querySelector('.bx-chart') !== null"):
        wait_for_charts(page)
    if settle:
        watch.settle(page)


CHARTS_SETTLED = """() => [...document.querySelectorAll('.bx-chart')]
    .every(el => el.matches('.bx-chart--drawn, .bx-chart--failed'))"""


def wait_for_charts(page, timeout: float = 20_000) -> None:
    page.wait_for_function(CHARTS_SETTLED, timeout=timeout)
