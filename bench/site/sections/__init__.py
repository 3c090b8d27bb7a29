"""The sections of the site, one module each, each with ``register(env)``.

``bench.site.macros.SECTIONS`` lists them. A macro builds the page context at
call time (so that it sees the page's language), then renders one template.
"""
