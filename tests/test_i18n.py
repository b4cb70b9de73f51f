"""The French interface: a complete, compiled catalogue, and pages that follow the user's language.

The catalogue is read with a small line-based parser (polib is not a dependency) and the
compiled ``.mo`` with :mod:`struct`; see ``locale/fr/LC_MESSAGES/django.po`` for the
vocabulary and the typography the translation follows.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from annotations.models import Claim, Evidence, Verdict
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space

LIST_URL = reverse("annotations:article_list")
LOGIN_URL = reverse("login")

FRENCH_RATINGS = [
    "Vrai",
    "Plutôt vrai",
    "Mitigé",
    "Plutôt faux",
    "Faux",
    "Trompeur",
    "Invérifiable",
]


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request activates its language for the whole thread (LocaleMiddleware never
    deactivates it): without this, the tests that run next would speak French."""
    yield
    translation.deactivate()


# --- Reading the catalogue -------------------------------------------------------------


@dataclass
class PoEntry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"{PO_FILE.name}:{self.line}: {self.msgid!r}"


def _po_string(text: str) -> str:
    """A quoted PO string: C escapes, which Python's string literals share."""
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[PoEntry]:
    """The active entries of a PO file (obsolete ``#~`` entries are comments here)."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    pending_flags: set[str] = set()
    keyword = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
        elif line.startswith("#,"):
            pending_flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if entry is None:
                raise ValueError(f"{path.name}:{number}: continuation line outside an entry")
            _append(entry, keyword, _po_string(line))
        else:
            keyword, _space, value = line.partition(" ")
            starts_entry = keyword == "msgctxt" or (keyword == "msgid" and entry and entry.msgstr)
            if entry is None or starts_entry:
                entry = PoEntry(line=number, flags=pending_flags)
                entries.append(entry)
                pending_flags = set()
            _set(entry, keyword, _po_string(value))
    return entries


def _set(entry: PoEntry, keyword: str, value: str) -> None:
    if keyword in ("msgid", "msgctxt", "msgid_plural"):
        setattr(entry, keyword, value)
    elif keyword == "msgstr":
        entry.msgstr[0] = value
    elif keyword.startswith("msgstr[") and keyword.endswith("]"):
        entry.msgstr[int(keyword[len("msgstr[") : -1])] = value
    else:
        raise ValueError(f"unknown PO keyword {keyword!r} (entry at line {entry.line})")


def _append(entry: PoEntry, keyword: str, value: str) -> None:
    if keyword in ("msgid", "msgctxt", "msgid_plural"):
        setattr(entry, keyword, getattr(entry, keyword) + value)
    elif keyword == "msgstr":
        entry.msgstr[0] += value
    else:
        entry.msgstr[int(keyword[len("msgstr[") : -1])] += value


def read_mo(path: Path) -> dict[bytes, bytes]:
    """A compiled catalogue as raw (msgid, msgstr) pairs, as in the GNU gettext format."""
    data = path.read_bytes()
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    _revision, count, ids_at, strs_at = struct.unpack(order + "4I", data[4:20])
    catalog = {}
    for i in range(count):
        id_length, id_offset = struct.unpack(
            order + "2I", data[ids_at + 8 * i : ids_at + 8 * i + 8]
        )
        str_length, str_offset = struct.unpack(
            order + "2I", data[strs_at + 8 * i : strs_at + 8 * i + 8]
        )
        catalog[data[id_offset : id_offset + id_length]] = data[
            str_offset : str_offset + str_length
        ]
    return catalog


def placeholders(text: str) -> list[str]:
    """``%(name)s``-style placeholders and HTML tags, in order."""
    found = []
    i = 0
    while i < len(text):
        if text.startswith("%(", i) and ")" in text[i:]:
            end = text.index(")", i) + 2
            found.append(text[i:end])
            i = end
        elif text[i] == "<" and ">" in text[i:]:
            end = text.index(">", i) + 1
            found.append(text[i:end])
            i = end
        else:
            i += 1
    return found


def without_tags(text: str) -> str:
    """The prose of a message: no HTML tags, and no code (``<code>A: B</code>`` is
    literal, not French)."""
    text = re.sub(r"<code>.*?</code>", "", text)
    for tag in placeholders(text):
        if tag.startswith("<"):
            text = text.replace(tag, "")
    return text


ENTRIES = parse_po(PO_FILE)
MESSAGES = [entry for entry in ENTRIES if not entry.is_header]


# --- Reading pages ---------------------------------------------------------------------


class FormParser(HTMLParser):
    """Each form of a page: its attributes, its fields' names and its options' values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}})
        elif not self.forms:
            return
        elif tag in ("input", "select", "textarea") and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", [])
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "button" and attrs.get("name"):
            self.forms[-1]["fields"].setdefault(attrs["name"], []).append(attrs.get("value"))
        elif tag == "option" and self._select:
            self.forms[-1]["fields"][self._select].append(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(response) -> list[dict]:
    parser = FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def get_in(client, url, language, *, via):
    """GET ``url`` with the language chosen by cookie or by the browser's header."""
    if via == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client.get(url)
    return client.get(url, headers={"accept-language": language})


# --- The catalogue ---------------------------------------------------------------------


def test_the_po_file_has_no_untranslated_and_no_fuzzy_entry():
    assert len(MESSAGES) > 150
    fuzzy = [str(entry) for entry in ENTRIES if "fuzzy" in entry.flags]
    untranslated = [
        str(entry)
        for entry in MESSAGES
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert fuzzy == []
    assert untranslated == []


def test_the_po_header_names_french_and_its_plural_rule():
    (header,) = [entry for entry in ENTRIES if entry.is_header]
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields["Language"] == "fr"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_every_plural_entry_has_both_french_forms():
    plurals = [entry for entry in MESSAGES if entry.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], entry


def test_every_translation_keeps_the_placeholders_and_html_tags_of_its_msgid():
    for entry in MESSAGES:
        expected = sorted(placeholders(entry.msgid))
        for text in entry.msgstr.values():
            assert sorted(placeholders(text)) == expected, entry


# Placeholders, addresses and code are not French prose: their colons and question marks
# are left as they are.
NOT_PROSE = re.compile(r"%\([^)]*\)[sd]|%[sd]|https?://\S*|\{\{.*?\}\}")


def is_punctuation(prose: str, i: int) -> bool:
    """Whether the mark at ``prose[i]`` punctuates the sentence, rather than sitting inside
    a word or a code ("HH:MM", "body[start:end]"): a space on one side, or the end of the
    text, or a closing bracket or quotation mark after it."""
    before = prose[i - 1] if i else " "
    after = prose[i + 1] if i + 1 < len(prose) else " "
    return before.isspace() or after.isspace() or after in ')]»"”.,'


def typography_faults(text: str) -> list[str]:
    """Where a French message breaks the typography of French: a narrow no-break space
    (U+202F) before ; ! ?, a no-break space (U+00A0) before : and inside « »."""
    prose = NOT_PROSE.sub("X", without_tags(text))
    faults = []
    for i, char in enumerate(prose):
        before = prose[i - 1] if i else ""
        after = prose[i + 1] if i + 1 < len(prose) else ""
        context = prose[max(0, i - 12) : i + 3]
        # "?!" keeps its two marks together, after one space.
        paired = char in "!?" and before in "!?"
        if char in ";!?" and is_punctuation(prose, i) and i and before != NNBSP and not paired:
            faults.append(f"narrow no-break space (U+202F) before {char!r}: {context!r}")
        if char == ":" and is_punctuation(prose, i) and i and before != NBSP:
            faults.append(f"no-break space (U+00A0) before ':': {context!r}")
        if char == "«" and after != NBSP:
            faults.append(f"no-break space (U+00A0) after '«': {context!r}")
        if char == "»" and before != NBSP:
            faults.append(f"no-break space (U+00A0) before '»': {context!r}")
    return faults


def test_every_translation_follows_french_typography():
    faults = []
    for entry in MESSAGES:
        for text in entry.msgstr.values():
            prose = without_tags(text)
            assert "'" not in prose, f"{entry}: use the typographic apostrophe ’"
            assert '"' not in prose and "“" not in prose, f"{entry}: use « guillemets »"
            assert "..." not in prose, f"{entry}: use the ellipsis …"
            faults.extend(f"{entry}: {fault}" for fault in typography_faults(text))
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Vraiment{NNBSP}? Oui{NNBSP}! Bien{NNBSP}; voici{NBSP}: «{NBSP}oui{NBSP}»", []),
        (f"Attendez{NNBSP}?!", []),
        ("Heure HH:MM, code body[start:end], https://example.org/?q=1", []),
        ("%(count)s et %(name)s", []),
        ("Vraiment ?", ["narrow no-break space (U+202F) before '?': 'Vraiment ?'"]),
        (f"Vraiment{NBSP}!", ["narrow no-break space (U+202F) before '!': 'Vraiment\\xa0!'"]),
        ("Bien; voici", ["narrow no-break space (U+202F) before ';': 'Bien; v'"]),
        (f"Note{NNBSP}: lire", ["no-break space (U+00A0) before ':': 'Note\\u202f: l'"]),
        (
            "« oui »",
            [
                "no-break space (U+00A0) after '«': '« o'",
                "no-break space (U+00A0) before '»': '« oui »'",
            ],
        ),
    ],
)
def test_the_typography_check_tells_right_from_wrong(text, expected):
    assert typography_faults(text) == expected


def test_the_compiled_mo_file_is_not_older_than_the_po_file():
    assert MO_FILE.exists(), "run: python manage.py compilemessages --ignore=.venv"
    # A fresh checkout writes django.mo just before django.po: allow for that.
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime - 2, (
        "django.po changed since django.mo was compiled: run compilemessages"
    )


@pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="msgfmt (GNU gettext) not installed; CI has it, and fails without it",
)
def test_the_compiled_mo_file_is_what_msgfmt_makes_of_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        [shutil.which("msgfmt"), "--check", "-o", str(fresh), str(PO_FILE)],
        check=True,
        capture_output=True,
    )
    assert read_mo(MO_FILE) == read_mo(fresh), "django.mo is stale: run compilemessages"


def test_django_translates_every_msgid_as_the_po_file_says():
    with translation.override("fr"):
        for entry in MESSAGES:
            context, msgid, plural = entry.msgctxt, entry.msgid, entry.msgid_plural
            if plural is None and context is None:
                assert translation.gettext(msgid) == entry.msgstr[0], entry
            elif plural is None:
                assert translation.pgettext(context, msgid) == entry.msgstr[0], entry
            else:
                for n, index in ((1, 0), (2, 1)):
                    if context is None:
                        got = translation.ngettext(msgid, plural, n)
                    else:
                        got = translation.npgettext(context, msgid, plural, n)
                    assert got == entry.msgstr[index], entry


def test_the_rating_labels_in_french_are_exactly_the_seven_of_the_scale():
    with translation.override("fr"):
        labels = [str(label) for _value, label in Verdict.Rating.choices]
    assert labels == FRENCH_RATINGS


def test_claim_statuses_and_evidence_stances_use_the_newsroom_words_in_french():
    with translation.override("fr"):
        statuses = [str(label) for _value, label in Claim.Status.choices]
        stances = [str(label) for _value, label in Evidence.Stance.choices]
    assert statuses == [
        "Brouillon",
        "En relecture",
        "Modifications demandées",
        "Publié",
        "Corrigé",
        "Retiré",
    ]
    assert stances == ["Confirme", "Réfute", "Donne du contexte"]


def test_the_claim_count_is_singular_for_zero_and_one_and_plural_from_two_in_french():
    singular, plural = "%(counter)s claim", "%(counter)s claims"
    with translation.override("fr"):
        counts = {n: translation.ngettext(singular, plural, n) % {"counter": n} for n in (0, 1, 2)}
    assert counts == {0: "0 affirmation", 1: "1 affirmation", 2: "2 affirmations"}


# --- Pages -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["cookie", "header"])
def test_the_article_list_is_in_french_when_the_user_asks_for_french(reviewer_client, via):
    ArticleFactory()
    response = get_in(reviewer_client, LIST_URL, "fr", via=via)
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    for text in ("Importer un article", "Mes affirmations", "Éditeur", "Mots-clés", "Phrases"):
        assert text in content
    assert "Import an article" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["cookie", "header"])
def test_the_article_list_is_in_english_when_the_user_asks_for_english(reviewer_client, via):
    ArticleFactory()
    response = get_in(reviewer_client, LIST_URL, "en", via=via)
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    for text in ("Import an article", "My claims", "Publisher", "Tags", "Sentences"):
        assert text in content
    assert "Importer un article" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["cookie", "header"])
def test_the_login_page_follows_the_language_the_user_asks_for(client, via):
    french = get_in(client, LOGIN_URL, "fr", via=via).content.decode()
    client.cookies.clear()
    english = get_in(client, LOGIN_URL, "en", via=via).content.decode()
    assert '<html lang="fr">' in french
    assert "<h1>Se connecter</h1>" in french
    assert "Mot de passe" in french
    assert '<html lang="en">' in english
    assert "<h1>Log in</h1>" in english
    assert "Password" in english


@pytest.mark.django_db
def test_the_language_switch_posts_to_set_language_and_sets_french(client):
    forms = forms_of(client.get(LOGIN_URL, headers={"accept-language": "en"}))
    (switch,) = [form for form in forms if form["attrs"].get("action") == reverse("set_language")]
    assert switch["attrs"]["method"] == "post"
    # One button per other language.
    assert switch["fields"]["language"] == ["fr"]
    assert switch["fields"]["next"] == LOGIN_URL

    response = client.post(
        switch["attrs"]["action"], {"language": "fr", "next": switch["fields"]["next"]}
    )
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # The cookie wins over the browser's own preference from now on.
    page = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Se connecter</h1>" in page


@pytest.mark.django_db
def test_dates_on_the_article_page_are_in_french_when_the_interface_is_french(reviewer_client):
    # Noon UTC: 20 August in every time zone the newsroom might configure.
    article = ArticleFactory(published_at=datetime(2025, 8, 20, 12, 0, tzinfo=UTC))
    url = article.get_absolute_url()
    french = get_in(reviewer_client, url, "fr", via="cookie").content.decode()
    english = get_in(reviewer_client, url, "en", via="cookie").content.decode()
    assert "20 août 2025" in french
    assert "<dt>Publication</dt>" in french
    assert "Aug. 20, 2025" in english
    assert "août" not in english


@pytest.mark.django_db
def test_the_legend_on_the_article_page_shows_the_french_rating_scale(reviewer_client):
    article = ArticleFactory()
    content = get_in(reviewer_client, article.get_absolute_url(), "fr", via="cookie")
    content = content.content.decode()
    for value, label in zip(Verdict.Rating.values, FRENCH_RATINGS, strict=True):
        assert f'hl-rating-{value}">{label}</mark>' in content
    assert "0 affirmation" in content
