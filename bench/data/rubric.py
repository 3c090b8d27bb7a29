"""The rule that ties a current rating to the rubric: its rationale names the level it meets.

Stars are meant to be read against ``data/areas.yaml``; a rationale that argues
only by comparison ("behind PyTorch", "hence 3.5") lets stars drift from the
rubric. So every rating of the current edition names, in both languages, the
whole rubric level it meets: ``level N`` in English and ``第 N 级`` in Chinese,
where N is the stars rounded down (a half star sits between N and N + 1, as the
rubric page says). The 2016 edition is a record of someone else's ratings and
is not held to it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .models import AREA_IDS, RatingsFile
from .yamlsafe import DataFileError, Document

EDITION = "current"


def _names_level(lang: str, text: str, level: int) -> bool:
    if lang == "en":
        return re.search(rf"\blevel {level}\b", text, re.IGNORECASE) is not None
    return re.search(rf"第\s*{level}\s*级", text) is not None


def level_problems(path: Path, ratings: RatingsFile, doc: Document) -> list[DataFileError]:
    """One problem per rationale of a current rating that does not name its rubric level."""
    if ratings.edition != EDITION:
        return []
    problems = []
    for area in AREA_IDS:
        rating = ratings.areas.get(area)
        if rating is None or rating.stars is None:
            continue
        level = max(1, math.floor(rating.stars))
        wording = {"en": f"level {level}", "zh": f"第 {level} 级"}
        for lang, phrase in wording.items():
            if not _names_level(lang, rating.rationale.get(lang), level):
                line = doc.line_of(("areas", area, "rationale", lang))
                problems.append(DataFileError(
                    path, line, f"areas.{area}.rationale.{lang}: name the rubric level that {rating.stars:g} stars "
                                f"meets, as '{phrase}' (data/areas.yaml)"))
    return problems
