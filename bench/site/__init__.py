"""The site: the mkdocs side of the project (hook, macros, templates, UI strings).

How a build flows (``mkdocs build`` with ``mkdocs.yml`` at the repository root):

1. ``hooks.py`` (an mkdocs hook, ``on_config``) loads ``data/`` once through the
   data layer (``bench.data.load_dataset``), stops the build with the data
   layer's ``file:line: message`` lines when it is invalid, writes one stub page
   per framework and per area and language under ``docs/`` (git-ignored), and
   lists them in the navigation.
2. ``macros.py`` (the mkdocs-macros module) registers the macros of every
   section module listed in ``macros.SECTIONS``.
3. A macro builds a ``render.PageContext`` (the page, its language), takes the
   aggregated data from ``data.site_data`` (computed once per build, shared by
   every page and both languages) and renders a Jinja template from
   ``templates/``. Text written by contributors goes through
   ``markup.markdown_html`` (Markdown, then sanitized by nh3).

The site never imports a deep learning framework.
"""
