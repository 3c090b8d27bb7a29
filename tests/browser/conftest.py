"""Fixtures of the browser tests: two built sites served on 127.0.0.1, and Debian's Chromium.

- ``sites``: built once per session, both at once (two processes):
  ``main``, from a copy of data/ whose runs/ holds the fixture runs
  (tests/fixtures/runs: two GPU runs and a CPU run, so that every benchmark page
  has its tables and charts whatever data/runs/ holds today); and ``hostile``,
  from a copy of data/ with the fixture runs where one rating's texts carry a
  <script>, event handlers and javascript: links (browsing.HOSTILE_TEXT), and
  every other string the data layer accepts carries a payload (tests/payloads.py).
- ``site`` / ``hostile_site``: each served by a thread of this process under the
  path of site_url, as GitHub Pages serves it.
- Chromium: pytest-playwright's ``browser`` (one per session), launched from
  /usr/bin/chromium (``make test`` installs it with apt-get) with the flags that
  work on these machines and a resolver that knows no host but 127.0.0.1.
  Each test module opens its own context (``new_watched_context``).

Every test here is marked ``browser``. Without Chromium or Playwright they are
skipped, except under CI (env CI set), where that is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_RUNS,
    SiteServer,
    Watch,
    add_hostile_text,
    copy_data,
    site_path,
    start_build,
)
from payloads import inject

HERE = Path(__file__).resolve().parent


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (`make test` installs Debian's chromium with apt-get)"
    try:
        import playwright.sync_api  # noqa: F401
        import pytest_playwright  # noqa: F401
    except ImportError:
        return "playwright / pytest-playwright not installed (the dev extra: `make test` installs it)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not os.environ.get("CI"):  # under CI they run, and fail saying what is missing
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, with Debian's Chromium and its flags."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Both sites, built at the same time; returns name -> built site folder."""
    root = tmp_path_factory.mktemp("browser-sites")
    runs = sorted(FIXTURE_RUNS.glob("*.json"))
    main_data = copy_data(root / "main" / "data", runs)
    hostile_data = copy_data(root / "hostile" / "data", runs)
    add_hostile_text(hostile_data)
    inject(hostile_data)
    builds = [start_build("main", main_data, root / "main"), start_build("hostile", hostile_data, root / "hostile")]
    return {build.name: build.wait() for build in builds}


@pytest.fixture(scope="session")
def site(sites):
    server = SiteServer(sites["main"], site_path())
    yield server
    server.close()


@pytest.fixture(scope="session")
def hostile_site(sites):
    server = SiteServer(sites["hostile"], site_path())
    yield server
    server.close()


@pytest.fixture(scope="module")
def new_watched_context(browser):
    """A factory of browser contexts, each with its Watch; closed at the end of the module."""
    contexts = []

    def new(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-US")
        context = browser.new_context(**options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context, Watch(context)

    yield new
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def desktop(new_watched_context):
    """One desktop-sized context for the module, with its Watch, and one page in it."""
    context, watch = new_watched_context()
    page = context.new_page()
    return page, watch
