"""What every chart of the site shares: the frameworks' colours, text sizes, names of the templates' parts.

Both ``charts.py`` (the build, without altair) and ``chartspecs.py`` (altair,
which writes ``chart_templates.json``) import from here, and neither imports the
other at module load.

Colours: one per framework id, the same on every chart and page. The measured
frameworks take the Okabe–Ito colours, chosen so that readers with any common
colour-vision deficiency still tell them apart (PyTorch and TensorFlow are not
red beside orange); the frameworks of the 2016 comparison take the remaining
ones and two of Paul Tol's muted scheme. A framework gets its colour by adding a
line here (the tests ask for one per framework of data/frameworks.yaml); an id
a run uses before it is listed is drawn in ``UNLISTED_COLOUR``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FRAMEWORK_COLOURS: dict[str, str] = {
    "pytorch": "#D55E00",  # vermillion
    "tensorflow": "#0072B2",  # blue
    "jax": "#009E73",  # bluish green
    "paddlepaddle": "#CC79A7",  # reddish purple
    "mindspore": "#E69F00",  # orange
    "caffe": "#56B4E9",  # sky blue
    "cntk": "#999933",  # olive (Tol)
    "theano": "#882255",  # wine (Tol)
    "torch": "#7F5F3F",  # brown
}
UNLISTED_COLOUR = "#8C8C8C"
FLAG_COLOUR = "#C00000"  # the ring around a flagged change in a history chart

FONT_SIZE = 12
"""Every word and number of a chart (axes, legends, headers, marks' text), in CSS pixels: at least 11."""
TITLE_SIZE = 14
BAR_STEP = 18  # pixels per bar: room for a line of FONT_SIZE text beside it
DATA = "table"  # the name of a chart's (main) dataset
NAMES_PLACEHOLDER = "⟨frameworks⟩"
"""The one framework name of the colour scales in chart_templates.json (``charts`` puts the real ones in)."""
TEMPLATES_FILE = Path(__file__).with_name("chart_templates.json")


def framework_colour(framework_id: str) -> str:
    return FRAMEWORK_COLOURS.get(framework_id, UNLISTED_COLOUR)


def stamp() -> str:
    """What the templates are made from (chartspecs.py and this module): the build ignores templates of other sources.

    altair's version is not part of it, so that the build need not have altair installed;
    the tests compare the file with what the installed altair builds."""
    here = Path(__file__)
    source = here.with_name("chartspecs.py").read_bytes() + b"\0" + here.read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]
