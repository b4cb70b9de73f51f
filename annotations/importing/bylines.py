"""Bylines: ``Publisher - 20 août 2025 01:35``, read into a publisher, an author and a date.

French and English dates (month names full or abbreviated, numeric and ISO dates), an
optional time of day and an optional time zone; see
:func:`~annotations.importing.plain_text.parse_plain_text` for the layouts accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from annotations.importing.article import ArticleParseError
from annotations.importing.building import check_publication_year
from annotations.importing.text import ALL_SPACES, WORD_RE

_MONTHS = {
    # French, full and abbreviated, with and without accents
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
    # English, full and abbreviated
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = (
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mer|jeu|ven|sam|dim|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|"
    "thu|fri|sat|sun"
)
_SP = r"[ \t\u00a0\u202f]"  # a space inside a byline, no-break spaces included
_WEEKDAY = rf"(?:(?:{_WEEKDAY_ALT})\.?,?{_SP}+)?"
# Years of five digits are read too, to be refused (``bad_date``) rather than taken for text.
_DATE_PATTERNS = (
    # 20 août 2025, 1er août 2025, mercredi 20 août 2025, 20 August 2025, 1st Aug. 2025
    rf"{_WEEKDAY}(?P<d1>\d{{1,2}})(?:er|e|st|nd|rd|th)?{_SP}+(?P<m1>{_MONTH_ALT})\.?,?"
    rf"{_SP}+(?P<y1>\d{{4,5}})",
    # August 20, 2025, Wednesday, Aug. 20 2025
    rf"{_WEEKDAY}(?P<m2>{_MONTH_ALT})\.?{_SP}+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}+"
    rf"(?P<y2>\d{{4,5}})",
    # 2025-08-20 (ISO)
    r"(?P<y3>\d{4,5})-(?P<n3>\d{1,2})-(?P<d3>\d{1,2})",
    # 20/08/2025, 20.08.2025: day first (month first only when the day cannot be a month)
    r"(?P<d4>\d{1,2})[/.](?P<n4>\d{1,2})[/.](?P<y4>\d{4,5})",
)
# Unambiguous zone abbreviations seen in French and English bylines.
_ZONE_ABBREVIATIONS = {
    "CEST": timezone(timedelta(hours=2)),
    "CET": timezone(timedelta(hours=1)),
    "BST": timezone(timedelta(hours=1)),
    "EDT": timezone(timedelta(hours=-4)),
    "EST": timezone(timedelta(hours=-5)),
    "PDT": timezone(timedelta(hours=-7)),
    "PST": timezone(timedelta(hours=-8)),
}
_TIME_PATTERN = (
    rf"(?:{_SP}*(?:,|à|a|at|T|-|–|—){_SP}*|{_SP}+)"
    r"(?:"
    rf"(?P<H>\d{{1,2}}){_SP}?[:hH.]{_SP}?(?P<M>\d{{2}})(?::(?P<S>\d{{2}})(?:\.\d+)?)?"
    rf"|(?P<H2>\d{{1,2}}){_SP}?[hH](?![\w])"
    rf"|(?P<H3>\d{{1,2}})(?={_SP}*[aApP]\.?{_SP}?[mM]\b)"
    r")"
    rf"(?:{_SP}*(?P<ampm>[aApP])\.?{_SP}?[mM]\.?)?"
    rf"(?:{_SP}*\(?(?P<tz>(?:UTC|GMT|Z)(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?|[+-]\d{{2}}:?\d{{2}}"
    rf"|{'|'.join(_ZONE_ABBREVIATIONS)})\)?)?"
)
_DATE_PREFIX = (
    rf"(?:(?:publié|mis{_SP}+à{_SP}+jour|published|updated|posted)(?:{_SP}+(?:le|on))?{_SP}+"
    rf"|(?:le|on){_SP}+)?"
)
_DATE_RE = re.compile(
    rf"{_DATE_PREFIX}(?:{'|'.join(_DATE_PATTERNS)})(?:{_TIME_PATTERN})?{_SP}*",
    re.IGNORECASE,
)
_BYLINE_SEPARATOR_RE = re.compile(rf"{_SP}+[-–—]{_SP}+")
_AUTHOR_PREFIX_RE = re.compile(rf"^(?:par|by){_SP}+", re.IGNORECASE)
_MAX_BYLINE_LENGTH = 200


def _tz_from_text(value: str) -> tzinfo:
    value = value.upper()
    if value in _ZONE_ABBREVIATIONS:
        return _ZONE_ABBREVIATIONS[value]
    for prefix in ("UTC", "GMT", "Z"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    if not value:
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _aware(value: datetime, zone: tzinfo, notes: list[str], where: str) -> datetime:
    """Make a naive local time aware in ``zone``; a time skipped by a daylight-saving
    change is moved forward, with a note."""
    aware = value.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != value:
        notes.append(
            f"The time {value:%H:%M} on {value:%Y-%m-%d} ({where}) does not exist in "
            f"{zone} (clocks change that night); it was read as {round_trip:%H:%M}."
        )
        return round_trip
    return aware


def _parse_byline_date(text: str, *, zone: tzinfo, where: str, notes: list[str]) -> datetime | None:
    """Read the date part of a byline.

    Returns None when ``text`` is not a date at all, and raises ``bad_date`` when it has
    the shape of a date but names an impossible day or time, or a year out of range
    (:func:`~annotations.importing.building.check_publication_year`).
    """
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    groups = match.groupdict()
    if groups["y1"]:
        year, month, day = int(groups["y1"]), _MONTHS[groups["m1"].lower()], int(groups["d1"])
    elif groups["y2"]:
        year, month, day = int(groups["y2"]), _MONTHS[groups["m2"].lower()], int(groups["d2"])
    elif groups["y3"]:
        year, month, day = int(groups["y3"]), int(groups["n3"]), int(groups["d3"])
    else:
        year, month, day = int(groups["y4"]), int(groups["n4"]), int(groups["d4"])
        if month > 12 >= day:  # 08/20/2025 can only be month first
            month, day = day, month
    check_publication_year(year, where=where, shown=text.strip())
    try:
        hour = minute = second = 0
        raw_hour = groups["H"] or groups["H2"] or groups["H3"]
        if raw_hour is not None:
            hour = int(raw_hour)
            minute = int(groups["M"] or 0)
            second = int(groups["S"] or 0)
            if groups["ampm"]:
                if not 1 <= hour <= 12:
                    raise ValueError(f"hour {hour} with AM/PM")
                hour = hour % 12 + (12 if groups["ampm"].lower() == "p" else 0)
        local = datetime(year, month, day, hour, minute, second)
        explicit_zone = _tz_from_text(groups["tz"]) if groups["tz"] else None
    except ValueError as error:
        raise ArticleParseError(
            "bad_date",
            f"The date {text.strip()!r} ({where}) is not a real date or time ({error}).",
        ) from None
    if explicit_zone is not None:
        return local.replace(tzinfo=explicit_zone).astimezone(zone)
    return _aware(local, zone, notes, where)


def looks_like_byline(line: str) -> bool:
    """A short line with a dash separator whose right-hand side mentions a month or a
    year: a byline whose date could not be read."""
    if len(line) > _MAX_BYLINE_LENGTH or line.endswith((".", "!", "?", "…")):
        return False
    parts = _BYLINE_SEPARATOR_RE.split(line)
    if len(parts) < 2:
        return False
    tail = parts[-1].casefold()
    return bool(re.search(r"\b\d{4,5}\b", tail)) or (
        bool(re.search(r"\d", tail)) and any(word in _MONTHS for word in WORD_RE.findall(tail))
    )


@dataclass(frozen=True)
class Byline:
    """What a byline gives: a publisher or an author (``""`` when absent) and a date."""

    publisher: str
    author: str
    published_at: datetime


def parse_byline(line: str, *, zone: tzinfo, where: str, notes: list[str]) -> Byline | None:
    """``Publisher - <date>`` or ``<date>`` alone; None when ``line`` is not a byline.

    The date must be the whole rest of the line, so a paragraph that starts with a date
    ("Le 20 août 2025, la France…") is never taken for a byline. A left-hand side that
    starts with "Par"/"By" names the author, not the publisher.
    """
    if len(line) > _MAX_BYLINE_LENGTH:
        return None
    candidates = [("", line)]
    for separator in _BYLINE_SEPARATOR_RE.finditer(line):
        candidates.append((line[: separator.start()], line[separator.end() :]))
    for who, when in candidates:
        published_at = _parse_byline_date(when, zone=zone, where=where, notes=notes)
        if published_at is None:
            continue
        who = who.strip(ALL_SPACES)
        if _AUTHOR_PREFIX_RE.match(who):
            return Byline("", _AUTHOR_PREFIX_RE.sub("", who), published_at)
        return Byline(who, "", published_at)
    return None
