"""The benchmark part of the site: tables, charts and pages from ``data/runs/`` and ``data/reference/``.

Python computes, in this order:

- ``cells``: every result of every run, the hardware each ran on, the latest
  measurement of each cell; built once per build (``results``); a pandas frame
  of every cell on request (tests), pandas is not loaded by the build.
- ``tables``: a table per hardware and workload (HTML and CSV); ``history``: each
  cell over time and the changes its intervals do not explain; ``thennow``: the
  published 2016 tables beside today's cells; ``runpage``: the parts of a run's page.
- ``charts``: Vega-Lite specs in the page's language, from templates made with
  altair (``chartspecs``) and kept in ``chart_templates.json``, so that the build
  does not load altair; ``chartstyle``: what both share (one colour per framework
  across the site, text sizes).
- ``reasons``: every status and reason the harness writes, as a message in both
  languages, the measuring machine's paths cut.
- ``pages``: what each macro puts on a page, one module per page; the markup is
  written by the Jinja templates under ``bench/site/templates/benchmarks/``;
  ``outputs``: the files written next to a page (chart specs, CSVs); ``runshell``:
  every run's page made from the latest run's (the site's hook, ``bench/site/hooks.py``,
  stamps them); ``section``: the macros, the generated pages, the part of each
  framework's page.
- ``text`` and ``strings.yaml``: every word in English and Chinese (read by the
  site's one translator, ``bench/site/strings.py``), and number formats.
- ``sandbox``: a build of the site against another data folder (tests, scripts).

The browser side is ``docs/assets/javascripts/charts.js`` with the vendored chart
library (``scripts/vendor_charts.py``).
"""
