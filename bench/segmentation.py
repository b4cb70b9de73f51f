"""The benchmark of sentence segmentation: 1 MB of French news, and linear time on awkward input.

Two figures, each the best CPU time of this process over three calls (segmentation is
pure Python: other processes on the machine do not count, as they would in wall-clock
time):

- the seconds to segment 1 MB of French news made by ``bench.text`` (target: at most
  one second);
- for each awkward unit of :data:`UNITS` (stops, quotation marks, abbreviations, URLs…
  repeated), the time for 200,000 characters of it against 20 times the time for 10,000:
  a segmenter in linear time stays near 1, one in quadratic time reaches 20. The report
  gives the worst unit (target: at most 3, the margin noise needs on short runs).
"""

from __future__ import annotations

import random
import time

MEGABYTE = 1_000_000
SMALL, LARGE = 10_000, 200_000
TARGET_SECONDS_PER_MEGABYTE = 1
TARGET_GROWTH = 3
# Below this, a small run is too short to time: its time counts as this (noise floor).
_FLOOR_SECONDS = 0.025

# Units that once made a segmenter slow down, or that sit at the edge of its rules.
UNITS = (
    "a.",
    ".",
    ".5",
    ")",
    " ",
    "a",
    "U.S.",
    "« a. b. ",
    "«»",
    "»« A. B. ",
    '"',
    "question.Dans",
    "a" * 50 + " ",
    "x@y.",
    "www.a.fr/",
    "\n",
    "…?!",
    '"a. ',
    "M. ",
    "etc. ",
    "; 1. ",
    ", 2. A",
    'a."b',
    "Ab C. Lors ",
    "U.S. Overall ",
    "ONU.Les",
    "eBay. ",
    "a « B. C » ",
    '" a. " ',
    "« “ A. ” » ",
)


def awkward_text(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` characters, closed by a short sentence."""
    return unit * (size // len(unit)) + "5 Fin"


def best_time(function, *args, repeat: int = 3) -> float:
    """The best CPU time of this process over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function(*args)
        best = min(best, time.process_time() - started)
    return best


def sizes(smoke: bool) -> dict:
    """The measurement's sizes: the real ones, or a tiny run that checks the harness."""
    if smoke:
        return {"megabytes": 0.05, "units": UNITS[:3], "repeat": 1}
    return {}


def measure_segmentation(
    *, seed: int, megabytes: float = 1, units: tuple[str, ...] = UNITS, repeat: int = 3
) -> dict:
    """Seconds per megabyte of French news, and the growth of the time on each unit."""
    from annotations.segmentation import split_sentences
    from bench import text

    size = round(megabytes * MEGABYTE)
    news = text.text_of_size(random.Random(f"{seed}:segmentation"), size)
    seconds = best_time(split_sentences, news, "fr", repeat=repeat)
    growth = {}
    for unit in units:
        small = best_time(split_sentences, awkward_text(unit, SMALL), repeat=repeat)
        large = best_time(split_sentences, awkward_text(unit, LARGE), repeat=repeat)
        growth[unit] = round(large / (LARGE / SMALL * max(small, _FLOOR_SECONDS)), 3)
    worst = max(growth, key=growth.get)
    return {
        "bytes": len(news.encode()),
        "sentences": len(split_sentences(news, "fr")),
        "seconds": round(seconds, 4),
        "seconds_per_megabyte": round(seconds * MEGABYTE / len(news.encode()), 4),
        "target_seconds_per_megabyte": TARGET_SECONDS_PER_MEGABYTE,
        "growth": growth,
        "worst_unit": worst,
        "worst_growth": growth[worst],
        "target_growth": TARGET_GROWTH,
    }
