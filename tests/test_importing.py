"""Tests of the parsing half of importing (annotations/importing/): no Django, no database.

Run alone with: .venv/bin/pytest tests/test_importing.py -p no:django --noconftest
"""

from __future__ import annotations

import dataclasses
import itertools
import pickle
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotations import importing
from annotations.importing import (
    ArticleParseError,
    ParsedArticle,
    content_hash,
    decode_bytes,
    detect_language,
    normalize_text,
    parse_html,
    parse_pasted,
    parse_plain_text,
    parse_upload,
)
from annotations.importing.text import STRIPPABLE_SPACES, same_words_ignoring_case

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "importing"
# The repository's copy of shared/articles/chas-pravdy-2025-08-20-troupes-ukraine.txt
# (byte for byte: its `Source` line is bare and `#Politique` has no final newline).
SAMPLE = ROOT / "samples" / "chas-pravdy-2025-08-20-troupes-ukraine.txt"
PARIS = ZoneInfo("Europe/Paris")
MB = 1024 * 1024

SAMPLE_TITLE = (
    "Déploiement international des troupes : ce que l’on sait du soutien à l’Ukraine "
    "depuis l’étranger"
)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def plain(text: str, **kwargs) -> ParsedArticle:
    return parse_plain_text(text, default_timezone=PARIS, **kwargs)


def upload(data: bytes, filename: str = "", **kwargs) -> ParsedArticle:
    return parse_upload(data, filename=filename, default_timezone=PARIS, max_bytes=2 * MB, **kwargs)


def assert_spans_are_exact(article: ParsedArticle) -> None:
    """The spans cover the body: headline first, paragraphs separated by one blank line."""
    spans = article.paragraph_spans
    assert spans[0] == (0, len(article.title))
    assert article.body[: len(article.title)] == article.title
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert article.body[end:start] == "\n\n"
    assert spans[-1][1] == len(article.body)
    for start, end in spans:
        paragraph = article.body[start:end]
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip(" \t")
    assert "\n\n".join(article.paragraphs) == article.body
    assert normalize_text(article.body) == article.body


def error_of(function, *args, **kwargs) -> ArticleParseError:
    with pytest.raises(ArticleParseError) as caught:
        function(*args, **kwargs)
    return caught.value


# --------------------------------------------------------------------------------------
# The real sample article
# --------------------------------------------------------------------------------------

SAMPLE_PARAGRAPH_STARTS = [
    "Ces derniers jours, la scène politique mondiale",
    "On apprend que plus de dix nations",
    "L’un des points d’intérêt majeurs",
    "Les dirigeants de l’Union européenne",
    "Plusieurs pays ont déjà préparé des contingents",
    "Cependant, le soutien des États-Unis reste encore flou.",
    "Selon Donald Trump,",
    "Les responsables de la Maison-Blanche",
    "Les commandants en chef",
    "Par ailleurs, la Russie",
    "La France et le Royaume-Uni",
    "L’un des éléments clés serait",
    "Parmi les propositions figurent",
    "Il s’agirait d’engagements fermes",
]


def test_sample_article_gives_title_publisher_date_tags_and_language():
    article = plain(sample_text())

    assert article.title == SAMPLE_TITLE
    assert article.publisher == "Chas Pravdy"
    assert article.author == ""
    assert article.published_at == datetime(2025, 8, 20, 1, 35, tzinfo=PARIS)
    assert article.published_at.utcoffset().total_seconds() == 2 * 3600
    assert article.tags == ("Politique",)
    assert article.language == "fr"
    assert article.source_url == ""
    assert article.notes == ()


def test_sample_article_has_the_headline_and_fourteen_body_paragraphs():
    # The file has 14 paragraphs between the byline and the Source line (counted by hand
    # and by splitting on blank lines): 15 spans with the headline.
    article = plain(sample_text())

    assert article.body.startswith(SAMPLE_TITLE + "\n\n")
    assert len(article.paragraph_spans) == 15
    assert article.paragraphs[0] == SAMPLE_TITLE
    for paragraph, start in zip(article.paragraphs[1:], SAMPLE_PARAGRAPH_STARTS, strict=True):
        assert paragraph.startswith(start)
    assert article.paragraphs[-1].endswith("contre l’agression russe.")


def test_sample_article_body_has_no_byline_source_or_tag_text():
    article = plain(sample_text())

    assert "Chas Pravdy" not in article.body
    assert "01:35" not in article.body
    assert "Source" not in article.body
    assert "#" not in article.body
    assert "Politique" not in article.body
    assert article.body.endswith("contre l’agression russe.")


def test_sample_article_paragraph_spans_slice_the_body_exactly():
    article = plain(sample_text())
    source_paragraphs = [block for block in sample_text().split("\n\n") if block.strip()]

    assert_spans_are_exact(article)
    # the paragraphs are the file's, unchanged: headline, then blocks 3 to 16
    assert list(article.paragraphs) == [source_paragraphs[0], *source_paragraphs[2:16]]
    start, end = article.paragraph_spans[6]
    assert article.body[start:end] == "Cependant, le soutien des États-Unis reste encore flou."


def test_sample_article_keeps_apostrophes_and_french_quotes_as_they_are():
    article = plain(sample_text())

    assert "l’Ukraine" in article.body
    assert "'" not in article.body
    assert "« arrière-plan américain »" in article.body


def test_sample_article_with_crlf_line_ends_gives_the_same_body_and_hash():
    lf = plain(sample_text())
    crlf = plain(sample_text().replace("\n", "\r\n"))

    assert crlf == lf
    assert content_hash(crlf.title, crlf.body) == content_hash(lf.title, lf.body)


def test_sample_article_uploaded_as_bytes_gives_the_same_article():
    assert upload(SAMPLE.read_bytes(), "article.txt") == plain(sample_text())


# --------------------------------------------------------------------------------------
# An English article
# --------------------------------------------------------------------------------------


def test_english_article_gives_reuters_byline_source_url_and_tags():
    article = plain((DATA / "article-en.txt").read_text(encoding="utf-8"))

    assert article.title == (
        "Ukraine's allies weigh security guarantees as talks resume in Washington"
    )
    assert article.language == "en"
    assert article.publisher == "Reuters"
    assert article.published_at == datetime(2025, 8, 20, 13, 35, tzinfo=PARIS)
    assert article.source_url == (
        "https://www.reuters.com/world/europe/allies-weigh-security-guarantees-2025-08-20/"
    )
    assert article.tags == ("Politics", "Ukraine")
    assert_spans_are_exact(article)


def test_english_article_hard_wrapped_lines_are_joined_into_paragraphs():
    article = plain((DATA / "article-en.txt").read_text(encoding="utf-8"))

    assert len(article.paragraphs) == 4
    assert article.paragraphs[1] == (
        "European leaders said on Wednesday that more than ten countries were ready to "
        "contribute troops to a reassurance force in Ukraine, as negotiators met in "
        "Washington to discuss the shape of a possible security guarantee."
    )
    assert '"We are not going to have boots on the ground,"' in article.paragraphs[2]


# --------------------------------------------------------------------------------------
# Bylines
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "publisher", "author", "published_at"),
    [
        ("Chas Pravdy - 20 août 2025 01:35", "Chas Pravdy", "", datetime(2025, 8, 20, 1, 35)),
        ("Le Monde – 1er août 2025", "Le Monde", "", datetime(2025, 8, 1)),
        ("Libération — 3 févr. 2025 à 14h05", "Libération", "", datetime(2025, 2, 3, 14, 5)),
        ("Le Figaro - 20 aout 2025 01:35", "Le Figaro", "", datetime(2025, 8, 20, 1, 35)),
        ("Ouest-France - mercredi 20 août 2025 14h", "Ouest-France", "", datetime(2025, 8, 20, 14)),
        ("Le Parisien - 12 déc 2024 9 h 05", "Le Parisien", "", datetime(2024, 12, 12, 9, 5)),
        ("Le Monde - publié le 20 août 2025 à 09:15", "Le Monde", "", datetime(2025, 8, 20, 9, 15)),
        ("Reuters - August 20, 2025 1:35 PM", "Reuters", "", datetime(2025, 8, 20, 13, 35)),
        ("AP - Aug. 5, 2025 12:10 a.m.", "AP", "", datetime(2025, 8, 5, 0, 10)),
        ("BBC News - 20 August 2025", "BBC News", "", datetime(2025, 8, 20)),
        (
            "The Guardian - Wednesday 20 August 2025 18.05 BST",
            "The Guardian",
            "",
            datetime(2025, 8, 20, 19, 5),
        ),
        (
            "Kyiv Post - 20 August 2025 at 7 p.m. (UTC+3)",
            "Kyiv Post",
            "",
            datetime(2025, 8, 20, 18),
        ),
        ("Le Monde - 20 août 2025 à 14h35 (heure de Paris)", None, None, None),
        ("Mediapart - 2025-08-20 14:35", "Mediapart", "", datetime(2025, 8, 20, 14, 35)),
        ("20 Minutes - 20/08/2025 14:35", "20 Minutes", "", datetime(2025, 8, 20, 14, 35)),
        ("CNN - 08/20/2025", "CNN", "", datetime(2025, 8, 20)),
        ("France 24 - Afrique - 20 août 2025", "France 24 - Afrique", "", datetime(2025, 8, 20)),
        ("20 août 2025 01:35", "", "", datetime(2025, 8, 20, 1, 35)),
        ("Par Jean Dupont - 20 août 2025", "", "Jean Dupont", datetime(2025, 8, 20)),
    ],
)
def test_byline_sets_publisher_author_and_local_time(byline, publisher, author, published_at):
    text = f"Un titre d’article\n\n{byline}\n\nLe premier paragraphe du corps de l’article."
    article = plain(text)

    if publisher is None:  # not a byline we read: it stays a paragraph, with a note
        assert article.published_at is None
        assert article.paragraphs[1] == byline
        assert "looks like a byline" in article.notes[0]
        return
    assert article.publisher == publisher
    assert article.author == author
    assert article.published_at == published_at.replace(tzinfo=PARIS)
    assert article.paragraphs[1:] == ("Le premier paragraphe du corps de l’article.",)


def test_byline_with_explicit_utc_time_is_converted_to_the_default_time_zone():
    article = plain("Title\n\nReuters - August 20, 2025 11:35 UTC\n\nFirst paragraph.")

    assert article.published_at == datetime(2025, 8, 20, 13, 35, tzinfo=PARIS)
    assert article.published_at == datetime(2025, 8, 20, 11, 35, tzinfo=UTC)


def test_byline_time_is_made_aware_in_the_given_time_zone():
    article = parse_plain_text(
        "Titre\n\nLe Devoir - 20 août 2025 01:35\n\nTexte.",
        default_timezone=ZoneInfo("America/Montreal"),
    )

    assert article.published_at == datetime(2025, 8, 20, 5, 35, tzinfo=UTC)


def test_byline_on_the_line_right_after_the_headline_is_recognised():
    article = plain("Titre\nChas Pravdy - 20 août 2025 01:35\n\nPremier paragraphe.")

    assert article.publisher == "Chas Pravdy"
    assert article.paragraphs == ("Titre", "Premier paragraphe.")


def test_byline_in_the_daylight_saving_gap_is_moved_forward_with_a_note():
    article = plain("Titre\n\nLe Monde - 30 mars 2025 02:30\n\nPremier paragraphe.")

    assert article.published_at == datetime(2025, 3, 30, 3, 30, tzinfo=PARIS)
    assert "does not exist in Europe/Paris" in article.notes[0]


@pytest.mark.parametrize(
    "first_paragraph",
    [
        "Le 20 août 2025, la France a annoncé l’envoi de troupes supplémentaires.",
        "Paris - Une manifestation a réuni 3 000 personnes samedi.",
        "20 août 2025 : une date à retenir pour la diplomatie européenne.",
        "Kyiv - 2025",
    ],
)
def test_first_paragraph_that_is_not_a_byline_stays_in_the_body(first_paragraph):
    article = plain(f"Titre\n\n{first_paragraph}\n\nDeuxième paragraphe.")

    assert article.published_at is None
    assert article.publisher == ""
    assert article.paragraphs == ("Titre", first_paragraph, "Deuxième paragraphe.")


def test_article_without_byline_has_no_date_and_no_note():
    article = plain("Titre\n\nPremier paragraphe.\n\nDeuxième paragraphe.")

    assert article.published_at is None
    assert article.notes == ()
    assert article.paragraphs == ("Titre", "Premier paragraphe.", "Deuxième paragraphe.")


def test_byline_whose_date_cannot_be_read_is_kept_as_a_paragraph_with_a_note():
    article = plain("Titre\n\nChas Pravdy - 20 août\n\nPremier paragraphe.")

    assert article.published_at is None
    assert article.paragraphs[1] == "Chas Pravdy - 20 août"
    assert article.notes == (
        "Line 3 ('Chas Pravdy - 20 août') looks like a byline, but its date could not be "
        "read; it was kept as the first paragraph.",
    )


@pytest.mark.parametrize(
    ("byline", "detail"),
    [
        ("Chas Pravdy - 31 février 2025 01:35", "day is out of range for month"),
        ("Le Monde - 20 août 2025 25:10", "hour must be in 0..23"),
        ("Le Monde - 20 août 2025 14:75", "minute must be in 0..59"),
        ("Reuters - August 20, 2025 13:35 PM", "hour 13 with AM/PM"),
        ("Mediapart - 2025-13-02", "month must be in 1..12"),
        ("Le Monde - 32/12/2025", "day is out of range for month"),
    ],
)
def test_byline_with_an_impossible_date_is_a_bad_date_error(byline, detail):
    error = error_of(plain, f"Titre\n\n{byline}\n\nPremier paragraphe.")

    assert error.code == "bad_date"
    assert "line 3" in str(error)
    assert detail in str(error)


# --------------------------------------------------------------------------------------
# Trailing metadata: Source and #Tags
# --------------------------------------------------------------------------------------

ARTICLE_HEAD = "Titre\n\nChas Pravdy - 20 août 2025 01:35\n\nPremier paragraphe.\n\n"


@pytest.mark.parametrize(
    ("source_line", "source_url", "publisher"),
    [
        ("Source", "", "Chas Pravdy"),
        ("Source: https://example.org/article", "https://example.org/article", "Chas Pravdy"),
        ("Source : https://www.lemonde.fr/a.html.", "https://www.lemonde.fr/a.html", "Chas Pravdy"),
        ("Source\u00a0: https://example.org/a?b=1", "https://example.org/a?b=1", "Chas Pravdy"),
        ("https://example.org/article", "https://example.org/article", "Chas Pravdy"),
        ("Source : Chas Pravdy", "", "Chas Pravdy"),
    ],
)
def test_source_line_is_metadata_and_a_url_there_becomes_source_url(
    source_line, source_url, publisher
):
    article = plain(ARTICLE_HEAD + source_line + "\n\n#Politique")

    assert article.source_url == source_url
    assert article.publisher == publisher
    assert article.paragraphs == ("Titre", "Premier paragraphe.")
    assert article.notes == ()


def test_source_name_becomes_the_publisher_when_there_is_no_byline():
    article = plain("Titre\n\nPremier paragraphe.\n\nSource : Le Monde")

    assert article.publisher == "Le Monde"
    assert article.paragraphs == ("Titre", "Premier paragraphe.")


@pytest.mark.parametrize(
    ("source_line", "publisher", "source_url"),
    [
        ("Source : AFP (Agence France-Presse)", "AFP (Agence France-Presse)", ""),
        ("Source : Le Monde (https://www.lemonde.fr/a)", "Le Monde", "https://www.lemonde.fr/a"),
        ("Sources – Le Monde, https://www.lemonde.fr/a", "Le Monde", "https://www.lemonde.fr/a"),
        ("SOURCE:https://www.lemonde.fr/a", "", "https://www.lemonde.fr/a"),
    ],
)
def test_source_line_gives_a_name_and_a_url(source_line, publisher, source_url):
    article = plain(f"Titre\n\nPremier paragraphe.\n\n{source_line}")

    assert (article.publisher, article.source_url) == (publisher, source_url)
    assert article.paragraphs == ("Titre", "Premier paragraphe.")


def test_source_name_different_from_the_byline_publisher_is_kept_in_a_note():
    article = plain(ARTICLE_HEAD + "Source : Le Monde, https://www.lemonde.fr/article")

    assert article.publisher == "Chas Pravdy"
    assert article.source_url == "https://www.lemonde.fr/article"
    assert article.notes == (
        "The Source line names 'Le Monde'; the publisher from the byline ('Chas Pravdy') was kept.",
    )


@pytest.mark.parametrize(
    ("tag_lines", "tags"),
    [
        ("#Politique", ("Politique",)),
        ("#Politique #Ukraine", ("Politique", "Ukraine")),
        ("#Politique, #Défense; #OTAN", ("Politique", "Défense", "OTAN")),
        ("#Politique\n#Europe\n\n#Ukraine", ("Politique", "Europe", "Ukraine")),
        ("#Politique #politique #Europe", ("Politique", "Europe")),
        ("#Économie\nSource: https://example.org/a\n#Europe", ("Économie", "Europe")),
    ],
)
def test_tag_lines_at_the_end_give_tags_without_the_hash(tag_lines, tags):
    article = plain(ARTICLE_HEAD + tag_lines)

    assert article.tags == tags
    assert "#" not in article.body
    assert article.paragraphs == ("Titre", "Premier paragraphe.")


def test_metadata_lines_in_the_middle_of_the_article_stay_in_the_body():
    text = "Titre\n\nPremier paragraphe.\n\n#MeToo\n\nSource\n\nDernier paragraphe."
    article = plain(text)

    assert article.tags == ()
    assert article.paragraphs == (
        "Titre",
        "Premier paragraphe.",
        "#MeToo",
        "Source",
        "Dernier paragraphe.",
    )


def test_markdown_heading_marker_is_dropped_from_the_headline():
    assert plain("# Titre de l’article\n\nTexte du corps.").title == "Titre de l’article"


# --------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Un.\r\nDeux.\r\n\r\nTrois.", "Un. Deux.\n\nTrois."),
        ("Un.\rDeux.\r\rTrois.", "Un. Deux.\n\nTrois."),
        ("\ufeffTitre\n\nTexte", "Titre\n\nTexte"),
        ("Texte   \t\nsuite  ", "Texte suite"),
        ("Un.\n\n\n\n   \n\t\nDeux.", "Un.\n\nDeux."),
        ("\n\n  Indenté.\n\n", "Indenté."),
        ("A\x00B\x07C\x1b[0m\x7f\x9fD", "ABC[0mD"),
        ("Tab\tinside", "Tab\tinside"),
        ("Page 1.\x0cPage 2.", "Page 1. Page 2."),
        ("Un.\u2029Deux.", "Un.\n\nDeux."),
        ("e\u0301te\u0301", "été"),
        ("Il a dit\u00a0: «\u202fnon\u202f» !", "Il a dit\u00a0: «\u202fnon\u202f» !"),
        ("l’Ukraine, l'Europe, “quotes”", "l’Ukraine, l'Europe, “quotes”"),
        ("Fin de ligne insécable\u00a0\nsuite", "Fin de ligne insécable\u00a0 suite"),
        ("Un.\n\u00a0\nDeux.", "Un.\n\nDeux."),
        ("Royaume-\nUni", "Royaume- Uni"),
        (
            "Les mesures :\n- hausse des salaires\n- baisse des impôts",
            "Les mesures :\n\n- hausse des salaires\n\n- baisse des impôts",
        ),
        ("1. Premier point\n2. Second point", "1. Premier point\n\n2. Second point"),
        ("", ""),
        (" \n\t\n\u00a0", ""),
    ],
)
def test_normalize_text_examples(raw, normalized):
    assert normalize_text(raw) == normalized


def test_normalize_text_keeps_one_paragraph_per_line_when_lines_are_long():
    long_line = "Une phrase assez longue pour dépasser la largeur d’un texte coupé à la main. " * 2
    text = f"{long_line.strip()}\nCourt.\n{long_line.strip()}"

    assert normalize_text(text).split("\n\n") == [long_line.strip(), "Court.", long_line.strip()]


def test_strippable_space_list_is_every_unicode_space_but_the_no_break_ones():
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}

    assert set(STRIPPABLE_SPACES) == spaces - {"\u00a0", "\u202f", "\u2007"}


MESSY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            [*"ab é’«»:.-•1#e \t\n\r\x00\x0c\x85\u00a0\u202f\u2000\u2028\u2029\ufeff\u0301"]
        ),
        st.characters(),
    ),
    max_size=300,
)


@given(MESSY_TEXT)
@example("a" * 101 + "\nb")
@example("e\x00\u0301")
@example(" \ufeff\ufeffa")
@example("- a\n- b\nc")
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)

    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\n\n\n" not in once
    assert once == once.strip(STRIPPABLE_SPACES)
    for paragraph in once.split("\n\n") if once else []:
        assert paragraph
        assert "\n" not in paragraph


@given(title=MESSY_TEXT, text=MESSY_TEXT)
@example(title="Titre", text="Titre\n\nCorps")
@example(title="T\n\nitre", text="\r\n\r\nx\u2029y")
def test_pasted_article_spans_slice_the_body_exactly(title, text):
    try:
        article = parse_pasted(title=title, text=text)
    except ArticleParseError as error:
        assert error.code in {"empty", "no_title", "no_body", "title_too_long", "encoding"}
        return
    assert_spans_are_exact(article)
    expected = normalize_text(text).split("\n\n")
    if same_words_ignoring_case(expected[0], article.title):
        expected = expected[1:]
    assert list(article.paragraphs) == [article.title, *expected]


@given(MESSY_TEXT)
def test_plain_text_parsing_either_fails_cleanly_or_gives_exact_spans(text):
    try:
        article = plain(text)
    except ArticleParseError as error:
        assert error.code in {
            "empty",
            "no_body",
            "title_too_long",
            "bad_date",
            "bad_url",
            "encoding",
            "tag_too_long",
        }
        return
    assert_spans_are_exact(article)


# --------------------------------------------------------------------------------------
# Content hash
# --------------------------------------------------------------------------------------


def test_content_hash_is_the_same_for_crlf_trailing_spaces_bom_and_decomposed_accents():
    title, body = "Été brûlant", "Été brûlant\n\nPremier paragraphe.\n\nDeuxième."
    variants = [
        (title, body),
        (title + "  ", body.replace("\n", "\r\n")),
        ("\ufeff" + title, body.replace("\n\n", "   \n\n\n")),
        (unicodedata.normalize("NFD", title), unicodedata.normalize("NFD", body)),
        (title, body.replace("Premier paragraphe.", "Premier\nparagraphe.")),
    ]

    hashes = {content_hash(t, b) for t, b in variants}

    assert len(hashes) == 1
    assert len(hashes.pop()) == 64


def test_content_hash_changes_when_the_text_or_the_title_changes():
    base = content_hash("Titre", "Titre\n\nTexte.")

    assert content_hash("Titre", "Titre\n\nTexte !") != base
    assert content_hash("Autre titre", "Titre\n\nTexte.") != base
    assert content_hash("Titre", "Titre\n\nTexte\u00a0!") != content_hash(
        "Titre", "Titre\n\nTexte !"
    )


def test_reimporting_the_sample_resaved_with_crlf_and_trailing_spaces_gives_the_same_hash():
    resaved = "\r\n".join(line + "  " for line in sample_text().split("\n")).encode("utf-8-sig")
    first, again = plain(sample_text()), upload(resaved, "article.txt")

    assert content_hash(again.title, again.body) == content_hash(first.title, first.body)


# --------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les dirigeants de l’Union européenne travaillent à renforcer les engagements.", "fr"),
        ("The White House said the United States would provide air support.", "en"),
        ("Emmanuel Macron, Donald Trump, Volodymyr Zelensky", "fr"),
        ("", "fr"),
        ("Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen.", "fr"),
        (
            "Le président a déclaré « we are not going to have boots on the ground » devant "
            "la presse, selon les journalistes présents dans la salle.",
            "fr",
        ),
        (
            "He told reporters that the « garanties de sécurité » were the key issue of the "
            "talks in Washington this week.",
            "en",
        ),
    ],
)
def test_detect_language_chooses_french_or_english_and_defaults_to_french(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("given", "stored"), [("en", "en"), ("EN-gb", "en"), ("fr_FR", "fr"), ("de", "de")]
)
def test_explicit_language_is_reduced_to_its_primary_tag(given, stored):
    assert plain(sample_text(), language=given).language == stored


@pytest.mark.parametrize("language", ["french", "f", "", "fr FR", "123"])
def test_explicit_language_that_is_not_a_tag_is_a_bad_language_error(language):
    error = error_of(plain, sample_text(), language=language)

    assert error.code == "bad_language"
    assert repr(language) in str(error)


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

HTML_PAGE = DATA / "article-fr.html"
NOISE = [
    "Je m’abonne",
    "Économie",
    "cookies",
    "Tout accepter",
    "Paramétrer",
    "PUBLICITÉ",
    "Fitness Plus",
    "Crédit immobilier",
    "Lire aussi",
    "Le chômage au plus bas",
    "Commentaires",
    "Jeannot69",
    "Encore une réforme",
    "Article très clair",
    "dataLayer",
    "gtag",
    "ANNONCE_SCRIPT_TEXTE",
    "SCRIPT_INJECTED_TEXT",
    "Mentions légales",
    "Par Camille Durand",
]


def html_page() -> str:
    return HTML_PAGE.read_text(encoding="utf-8")


def test_html_page_gives_metadata_from_the_page():
    article = parse_html(html_page(), default_timezone=PARIS)

    assert article.title == "Réforme des retraites : ce que change le nouveau calcul des pensions"
    assert article.author == "Camille Durand"
    assert article.publisher == "La Gazette du Rhône"
    assert article.source_url == (
        "https://www.gazette-du-rhone.example/politique/2025/03/14/reforme-retraites-calcul-pensions"
    )
    assert article.published_at == datetime(2025, 3, 14, 8, 30, tzinfo=PARIS)
    assert article.language == "fr"
    assert article.tags == ("Retraites", "Politique sociale")
    assert article.notes == ()


def test_html_page_body_is_the_article_text_and_nothing_else():
    article = parse_html(html_page(), default_timezone=PARIS)

    assert article.paragraphs == (
        "Réforme des retraites : ce que change le nouveau calcul des pensions",
        "Le gouvernement a présenté jeudi un nouveau mode de calcul des pensions, qui doit "
        "entrer en vigueur au 1er janvier 2026 et concernera près de quatorze millions de "
        "retraités.",
        "Selon le ministère du Travail, la pension serait désormais calculée sur les "
        "vingt-cinq meilleures années de carrière, comme aujourd’hui dans le secteur privé, "
        "mais avec une revalorisation indexée sur les salaires plutôt que sur l’inflation.",
        "« Il s’agit d’une réforme de justice », a déclaré la ministre devant la presse, en "
        "affirmant que « neuf retraités sur dix » verraient leur pension augmenter d’ici à 2030.",
        "Des chiffres contestés par les syndicats",
        "Les organisations syndicales contestent ce chiffre. D’après une note de la CGT "
        "publiée mercredi, la hausse ne concernerait en réalité que les carrières complètes, "
        "soit environ 60 % des futurs retraités.",
        "Le Conseil d’orientation des retraites (COR) doit rendre un avis sur le projet le "
        "2 avril. Le texte sera ensuite examiné par l’Assemblée nationale au mois de mai.",
    )
    assert_spans_are_exact(article)


@pytest.mark.parametrize("noise", NOISE)
def test_html_page_navigation_scripts_adverts_and_comments_never_reach_the_body(noise):
    assert noise not in parse_html(html_page(), default_timezone=PARIS).body


def test_html_date_without_time_is_midnight_in_the_default_time_zone():
    page = html_page().replace(
        '<meta property="article:published_time" content="2025-03-14T08:30:00+01:00">', ""
    )

    article = parse_html(page, default_timezone=PARIS)

    assert article.published_at == datetime(2025, 3, 14, 0, 0, tzinfo=PARIS)


def test_html_without_canonical_url_uses_the_given_url():
    page = html_page().replace('<link rel="canonical"', '<link rel="alternate"')
    page = page.replace('<meta property="og:url"', '<meta property="og:nothing"')

    article = parse_html(page, default_timezone=PARIS, url="https://example.org/page?id=3")

    assert article.source_url == "https://example.org/page?id=3"


def test_html_canonical_url_is_preferred_to_the_given_url():
    article = parse_html(html_page(), default_timezone=PARIS, url="https://example.org/copy")

    assert article.source_url.startswith("https://www.gazette-du-rhone.example/politique/")


def test_html_wrong_language_declaration_on_french_text_is_corrected_with_a_note():
    article = parse_html(
        html_page().replace('lang="fr-FR"', 'lang="en-US"'), default_timezone=PARIS
    )

    assert article.language == "fr"
    assert article.notes == (
        "The page declares the language 'en', but the text is clearly French; 'fr' was used.",
    )


def test_html_without_language_declaration_uses_the_detector():
    page = html_page().replace(' lang="fr-FR"', "")

    assert parse_html(page, default_timezone=PARIS).language == "fr"


def test_html_explicit_language_wins_over_the_page():
    assert parse_html(html_page(), default_timezone=PARIS, language="en").language == "en"


ENGLISH_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Allies weigh guarantees | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Allies weigh guarantees",
 "datePublished": "2025-08-20T09:00:00Z", "author": {"@type": "Person", "name": "Jane Smith"}}
</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Allies weigh guarantees</h1>
<p>European leaders said on Wednesday that more than ten countries were ready to contribute
troops to a reassurance force in Ukraine.</p>
<p>The White House has said the United States would provide air support and intelligence, but
would not send ground troops.</p></article>
<footer>Copyright 2025 The Daily Example</footer></body></html>"""


def test_english_html_page_reads_json_ld_time_and_language():
    article = parse_html(ENGLISH_PAGE, default_timezone=PARIS)

    assert article.title == "Allies weigh guarantees"
    assert article.language == "en"
    assert article.author == "Jane Smith"
    assert article.publisher == "The Daily Example"
    assert article.published_at == datetime(2025, 8, 20, 11, 0, tzinfo=PARIS)
    assert len(article.paragraphs) == 3
    assert "Home" not in article.body
    assert "Copyright" not in article.body
    # one paragraph per HTML block, the source's line breaks inside a <p> joined
    assert article.paragraphs[1].endswith("to contribute troops to a reassurance force in Ukraine.")


def test_html_headline_after_a_standfirst_is_not_repeated():
    page = """<html lang="fr"><head><title>Un titre | Le Site</title></head><body>
    <header><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav></header>
    <article><header><p class="standfirst">Un chapô qui résume l’article en une phrase.</p>
    </header><h1>Un titre</h1><p>Le premier paragraphe du corps de l’article, assez long.</p>
    <footer><p>Cet article a été mis à jour le lendemain matin avec de nouveaux chiffres.</p>
    </footer></article><footer>© 2025 Le Site</footer></body></html>"""

    article = parse_html(page, default_timezone=PARIS)

    assert article.paragraphs == (
        "Un titre",
        "Un chapô qui résume l’article en une phrase.",
        "Le premier paragraphe du corps de l’article, assez long.",
    )


def test_html_page_with_no_article_is_a_no_article_text_error():
    error = error_of(parse_html, (DATA / "no-article.html").read_text(), default_timezone=PARIS)

    assert error.code == "no_article_text"
    assert "No article text could be found in the HTML page" in str(error)


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Vide</title></head><body></body></html>",
        "<html><body><script>document.write('Bonjour à tous et bienvenue sur le site')"
        "</script></body></html>",
        "<html><head><title>Menu</title></head><body><ul><li>Accueil</li><li>Sport</li></ul></body></html>",
    ],
)
def test_html_page_without_sentences_is_a_no_article_text_error(page):
    assert error_of(parse_html, page, default_timezone=PARIS).code == "no_article_text"


def test_html_given_url_that_is_not_http_is_a_bad_url_error():
    error = error_of(parse_html, html_page(), default_timezone=PARIS, url="file:///tmp/a.html")

    assert error.code == "bad_url"
    assert "'file:///tmp/a.html'" in str(error)


# --------------------------------------------------------------------------------------
# HTML: tables, captions and credits, paywalls
# --------------------------------------------------------------------------------------


def fixture_page(name: str) -> ParsedArticle:
    return parse_html((DATA / name).read_text(encoding="utf-8"), default_timezone=PARIS)


# Paragraphs of the fixtures that are credits or notices with nothing in their markup to
# say so: the textual rules leave them out.
PLAIN_NOTICES = {
    "figures-en.html": ["(Photo by Oli Scarff/AFP via Getty Images)", "Getty Images"],
    "paywall-en.html": ["This article is for subscribers only.", "Already a subscriber? Log in"],
}


def visible_text_of(name: str) -> list[str]:
    """The words of the page's article as a reader sees them (its <article> or <main>,
    without scripts, navigation, captions or notices)."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring((DATA / name).read_bytes())
    for paragraph in tree.xpath("//p"):
        if paragraph.text_content().strip() in PLAIN_NOTICES.get(name, ()):
            paragraph.drop_tree()
    for element in tree.xpath(
        "//script | //style | //figure | //figcaption | //nav | //header | //footer | //aside"
        " | //*[contains(@class, 'caption') or contains(@class, 'credit')"
        " or contains(@class, 'paywall') or contains(@class, 'status')]"
        " | //*[contains(@id, 'tp-container')] | //*[contains(@class, 'article-end')]"
    ):
        element.drop_tree()
    root = (tree.xpath("//article") or tree.xpath("//main"))[0]
    return " ".join(root.itertext()).split()


STANDINGS_PARAGRAPHS = (
    "Ligue 1 : le classement après la 20e journée",
    "Le Paris Saint-Germain a encore creusé l’écart en tête, Marseille reste deuxième et "
    "Lyon recule au classement.",
    "Le PSG a battu Brest (5-2) samedi soir et compte désormais neuf points d’avance sur "
    "l’Olympique de Marseille, tenu en échec à Strasbourg.",
    "Les résultats de la 20e journée",
    "Domicile | Score | Extérieur",
    "Paris SG | 5-2 | Brest",
    "Strasbourg | 1-1 | Marseille",
    "Lyon | 0-2 | Lille",
    "Nice | 3-1 | Rennes",
    "Monaco | 2-0 | Nantes",
    "Le classement",
    "Classement de Ligue 1 après 20 journées",
    "Rang | Équipe | Pts | J | G | N | P | Diff.",
    "1 | Paris SG | 50 | 20 | 15 | 5 | 0 | +37",
    "2 | Marseille | 41 | 20 | 12 | 5 | 3 | +19",
    "3 | Monaco | 40 | 20 | 12 | 4 | 4 | +15",
    "4 | Lille | 37 | 20 | 10 | 7 | 3 | +12",
    "5 | Nice | 34 | 20 | 9 | 7 | 4 | +10",
    "6 | Lyon | 33 | 20 | 9 | 6 | 5 | +7",
    "Lyon, battu à domicile par Lille, glisse à la sixième place et compte quatre points de "
    "retard sur le podium.",
    "La 21e journée débutera vendredi avec le déplacement de Marseille à Nice.",
)


def test_a_standings_page_keeps_its_tables_one_row_a_paragraph_with_their_headers():
    article = fixture_page("standings-fr.html")

    assert article.paragraphs == STANDINGS_PARAGRAPHS
    assert article.notes == ()
    assert_spans_are_exact(article)


def test_each_table_row_is_one_sentence():
    from annotations.segmentation import split_sentences

    for row in STANDINGS_PARAGRAPHS[4:10] + STANDINGS_PARAGRAPHS[11:19]:
        assert split_sentences(row, "fr") == [(0, len(row))], row


@pytest.mark.parametrize(
    "name", ["standings-fr.html", "figures-en.html", "paywall-fr.html", "paywall-en.html"]
)
def test_no_word_of_the_article_a_reader_sees_is_lost(name):
    body_words = [word for word in parse_html_words(name) if word != "|"]
    assert body_words == visible_text_of(name)


def parse_html_words(name: str) -> list[str]:
    return fixture_page(name).body.split()


def test_captions_and_photo_credits_are_left_out_and_the_article_kept():
    article = fixture_page("figures-en.html")

    assert article.paragraphs == (
        "Flood defences failed in three towns, inquiry finds",
        "An independent inquiry has found that flood barriers in Hebden Bridge, Mytholmroyd "
        "and Todmorden failed during last week's storm because of missed maintenance.",
        "The report, published on Monday, says that 14 of the 22 pumps inspected had not been "
        "serviced for more than two years.",
        '"We were told the defences would hold for a once-in-a-century flood," said Angela '
        "Price, who chairs the residents' association.",
        "Getty Images photographer Christopher Furlong, who covered the floods, said the water "
        "had risen faster than in 2015.",
        "The Environment Agency said it would respond to the findings within six weeks and "
        "that it had already ordered repairs to eight pumps.",
    )
    for caption in ("Residents wade", "Photograph:", "pumping station", "Photo by", "© AFP"):
        assert caption not in article.body
    assert article.notes == ()


def test_a_paywalled_article_keeps_the_text_it_shows_and_says_the_rest_is_missing():
    article = fixture_page("paywall-fr.html")

    assert article.paragraphs == (
        "Hôpitaux : le nombre de lits fermés a doublé en cinq ans",
        "Selon une étude de la Fédération hospitalière publiée mardi, 6 700 lits "
        "d’hospitalisation complète ont été fermés en 2024, contre 3 400 en 2019.",
        "Les abonnés de notre newsletter santé avaient signalé dès janvier des fermetures dans "
        "plusieurs services de pédiatrie de la région.",
        "« Nous manquons d’infirmières, pas de lits », a résumé la directrice du CHU de Tours "
        "lors d’une conférence de presse.",
    )
    for notice in ("réservé aux abonnés", "Il vous reste", "Déjà abonné", "Photo :", "© AFP"):
        assert notice not in article.body
    assert article.notes == (
        "The page holds a paywall notice: its text may stop where the paywall starts. Only "
        "the text the page shows was imported, without the notice.",
    )


def test_an_english_paywall_is_left_out_with_a_note_and_a_table_of_votes_kept():
    article = fixture_page("paywall-en.html")

    assert article.paragraphs[1:] == (
        "The city council voted 7 to 2 on Tuesday night to raise property taxes by 4.2% next "
        "year, the largest increase since 2009.",
        "Subscribers to the city's water service will also see their monthly bill rise by "
        "$3.50 from July, according to the budget documents.",
        "Council member | Vote",
        "Maria Lopez | Yes",
        "James Carter | No",
        "Aisha Bello | Yes",
    )
    assert "Subscribe to" not in article.body and "subscribers only" not in article.body
    assert len(article.notes) == 1 and "paywall" in article.notes[0]


def test_a_short_element_named_as_a_caption_inside_a_paragraph_stays():
    page = """<html lang="fr"><head><title>Un titre</title></head><body><article>
    <h1>Un titre</h1><p>Selon <span class="credit">l’agence</span>, le chômage a reculé de
    0,2 point au premier trimestre, à 7,1 % de la population active.</p></article></body></html>"""

    article = parse_html(page, default_timezone=PARIS)

    assert "Selon l’agence, le chômage a reculé" in article.body


def test_a_long_element_named_as_premium_or_caption_is_the_article_and_stays():
    sentences = " ".join(
        f"<p>La phrase numéro {n} de l’article parle du budget.</p>" for n in range(12)
    )
    page = (
        '<html lang="fr"><head><title>Budget</title></head><body><article><h1>Budget</h1>'
        f'<div class="caption-container article-premium">{sentences}</div></article></body></html>'
    )

    article = parse_html(page, default_timezone=PARIS)

    assert len(article.paragraphs) == 13


def test_a_page_laid_out_in_a_table_keeps_its_paragraphs():
    page = """<html lang="en"><head><title>Old page</title></head><body><table><tr><td>
    <h1>Old page</h1><p>The first paragraph of an old page laid out in a table cell.</p>
    <p>The second paragraph of the same page, in the same table cell.</p></td></tr></table>
    </body></html>"""

    article = parse_html(page, default_timezone=PARIS)

    assert article.paragraphs[1:] == (
        "The first paragraph of an old page laid out in a table cell.",
        "The second paragraph of the same page, in the same table cell.",
    )


# --------------------------------------------------------------------------------------
# Pasted text
# --------------------------------------------------------------------------------------


def test_pasted_text_with_metadata_is_stored_as_given():
    published = datetime(2025, 8, 20, 1, 35, tzinfo=PARIS)
    article = parse_pasted(
        title="  Un titre\nsur deux lignes ",
        text="Premier paragraphe.\r\n\r\nDeuxième\nparagraphe.",
        publisher=" Le Monde ",
        author="Jean Dupont",
        source_url=" https://www.lemonde.fr/article ",
        published_at=published,
        tags=["#Politique", "Europe", "politique", " ", "#"],
    )

    assert article.title == "Un titre sur deux lignes"
    assert article.paragraphs == (
        "Un titre sur deux lignes",
        "Premier paragraphe.",
        "Deuxième paragraphe.",
    )
    assert article.publisher == "Le Monde"
    assert article.author == "Jean Dupont"
    assert article.source_url == "https://www.lemonde.fr/article"
    assert article.published_at == published
    assert article.tags == ("Politique", "Europe")
    assert article.language == "fr"
    assert article.notes == ()


def test_pasted_text_starting_with_the_headline_does_not_repeat_it():
    article = parse_pasted(title="Le titre", text="Le titre\n\nLe texte de l’article.")

    assert article.paragraphs == ("Le titre", "Le texte de l’article.")
    assert article.notes == ("The text started with the headline; it is not repeated in the body.",)


def test_pasted_english_text_is_detected_as_english():
    article = parse_pasted(
        title="Allies weigh guarantees",
        text="The White House has said that the United States would provide air support.",
    )

    assert article.language == "en"


def test_pasted_article_is_frozen():
    article = parse_pasted(title="Titre", text="Texte.")

    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "Autre"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Bytes
# --------------------------------------------------------------------------------------


def test_utf8_with_bom_is_decoded_without_notes():
    text, notes = decode_bytes("\ufeffTitre\n\nTexte é".encode(), max_bytes=MB)

    assert (text, notes) == ("Titre\n\nTexte é", ())


def test_windows_1252_file_is_decoded_with_a_note():
    article = upload((DATA / "article-cp1252.txt").read_bytes(), "article.txt")

    assert article.notes[0] == "The file was not UTF-8; it was decoded as Windows-1252."
    assert article.title == (
        "Inflation : les prix de l’énergie reculent pour le troisième mois consécutif"
    )
    assert article.publisher == "Le Courrier de l’Ouest"
    assert article.published_at == datetime(2025, 2, 3, tzinfo=PARIS)
    assert article.tags == ("Économie", "Inflation")
    assert "« bonne nouvelle »" in article.body
    assert "Source : Insee" not in article.body
    assert "The Source line names 'Insee'" in article.notes[1]


def test_utf16_file_with_a_byte_order_mark_is_decoded_with_a_note():
    text, notes = decode_bytes("Titre\r\n\r\nTexte été".encode("utf-16"), max_bytes=MB)

    assert text == "Titre\r\n\r\nTexte été"
    assert notes == ("The file was UTF-16; it was decoded as such.",)


def test_html_upload_is_recognised_by_its_name_or_its_content():
    page = HTML_PAGE.read_bytes()

    assert upload(page, "page.html").title.startswith("Réforme des retraites")
    assert upload(page, "page.txt").title.startswith("Réforme des retraites")
    assert upload(page).publisher == "La Gazette du Rhône"
    fragment = "<h1>Titre</h1><p>Le gouvernement a présenté jeudi un nouveau mode de calcul.</p>"
    assert upload(fragment.encode(), "extrait").paragraphs == (
        "Titre",
        "Le gouvernement a présenté jeudi un nouveau mode de calcul.",
    )


@pytest.mark.parametrize(
    ("data", "filename", "fmt"),
    [
        (b"<p>Texte</p>", "page.HTML", "html"),
        (b"Titre\n\nTexte", "page.htm", "html"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html><body></body></html>", "", "html"),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "a.txt", "html"),
        (b"<!-- saved -->\n<html lang='fr'>", "", "html"),
        (b"<h1>Titre</h1>\n<p>Texte</p>", "", "html"),
        ("<h1>Été</h1><p>Texte</p>".encode("utf-16"), "", "html"),
        (b"Titre\n\nLa balise <p> ouvre un paragraphe et </p> le ferme.", "a.txt", "text"),
        (b"<Titre entre chevrons>\n\nTexte.", "", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image.png", "text"),
        ("Titre\n\nTexte é".encode("cp1252"), "", "text"),
    ],
)
def test_detect_format_tells_html_from_plain_text_and_never_raises(data, filename, fmt):
    assert importing.detect_format(data, filename=filename) == fmt


def test_plain_text_mentioning_tags_is_not_taken_for_html():
    text = "Titre\n\nLe navigateur affiche la balise <p> puis </p> à l’écran."

    assert upload(text.encode(), "note.txt").paragraphs[1] == text.split("\n\n")[1]


# --------------------------------------------------------------------------------------
# Every error code, with a realistic input
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty (0 bytes)."),
        (b"   \r\n\r\n\t  \n", "The file contains only white space."),
        ("\ufeff\n\u00a0\n".encode(), "The file contains only white space."),
    ],
)
def test_empty_file_is_an_empty_error(data, message):
    error = error_of(upload, data, "article.txt")

    assert error.code == "empty"
    assert str(error) == message


@pytest.mark.parametrize(
    "call",
    [
        lambda: plain(" \n\n\t"),
        lambda: parse_pasted(title=" ", text="\n"),
        lambda: parse_html("  ", default_timezone=PARIS),
    ],
)
def test_empty_text_is_an_empty_error(call):
    with pytest.raises(ArticleParseError) as caught:
        call()
    assert caught.value.code == "empty"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((DATA / "pixel.png").read_bytes(), "The file is a PNG image, not text or a web page."),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>",
            "The file is a PDF document",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a Word .docx or OpenDocument file"),
        (b"Titre\n\nTexte\x00\x00\x01\x02", "NUL bytes (the first at line 3, byte 6 of the line)"),
        (
            bytes(range(1, 9)) * 50 + b"texte",
            "mostly control characters (98 % of its first 405 bytes)",
        ),
    ],
)
def test_binary_file_is_a_binary_error(data, message):
    error = error_of(upload, data, "article.txt")

    assert error.code == "binary"
    assert message in str(error)


def test_rtf_file_is_an_unsupported_format_error():
    error = error_of(upload, rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Bonjour}", "a.rtf")

    assert error.code == "unsupported_format"
    assert "RTF" in str(error)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Titre\n\nLe Monde\n".encode("cp1252") + b"Texte \x81 ici",
            "The file is not valid UTF-8 (byte 0x81 at line 4, byte 7 of the line), and it is "
            "not Windows-1252 either: byte 0x81 at line 4, byte 7 of the line is not defined "
            "there. Save the file as UTF-8 and import it again.",
        ),
        (
            "Titre\n\nÉté ".encode() + "brûlant".encode("cp1252"),
            "it also contains UTF-8 text (at line 3, byte 1 of the line): it mixes two encodings",
        ),
        (
            b"Titre\n\nTexte \x1b[31m " + "déjà".encode("cp1252"),
            "it contains a control character (U+001B at line 3, byte 7 of the line)",
        ),
        (
            bytes(range(0xA0, 0x100)) * 4 + b"abc",
            "read as Windows-1252 it does not look like text",
        ),
        ("Titre\n\nTexte".encode("utf-16-le"), "probably UTF-16 without a byte-order mark"),
    ],
)
def test_file_in_an_unknown_encoding_is_an_encoding_error(data, message):
    error = error_of(upload, data, "article.txt")

    assert error.code == "encoding"
    assert message in str(error)


def test_file_over_the_limit_is_a_too_large_error_with_size_and_limit_in_mb():
    error = error_of(decode_bytes, b"a" * (5 * MB // 2), max_bytes=2 * MB)

    assert error.code == "too_large"
    assert str(error) == (
        "The file is 2.5 MB (2,621,440 bytes); the limit is 2 MB (2,097,152 bytes)."
    )


def test_file_exactly_at_the_limit_is_accepted():
    text, _ = decode_bytes(b"Titre\n\n" + b"a" * (MB - 7), max_bytes=MB)

    assert len(text) == MB


def test_html_upload_without_article_is_a_no_article_text_error():
    error = error_of(upload, (DATA / "no-article.html").read_bytes(), "accueil.html")

    assert error.code == "no_article_text"


@pytest.mark.parametrize(
    "text",
    [
        "Titre",
        "Titre\n\nChas Pravdy - 20 août 2025 01:35\n\nSource\n\n#Politique",
        "Titre\n\n\n\n#Politique #Ukraine",
    ],
)
def test_headline_without_body_is_a_no_body_error(text):
    error = error_of(plain, text)

    assert error.code == "no_body"
    assert str(error) == "The article has a headline ('Titre') but no body paragraph after it."


def test_pasted_title_without_text_is_a_no_body_error():
    assert error_of(parse_pasted, title="Titre", text=" \n ").code == "no_body"


def test_pasted_text_without_title_is_a_no_title_error():
    error = error_of(parse_pasted, title="", text="Un texte sans titre.")

    assert error.code == "no_title"


def test_first_line_that_is_a_paragraph_is_a_title_too_long_error():
    paragraph = "Ces derniers jours, la scène politique mondiale connaît des tensions. " * 5
    error = error_of(plain, f"\n\n{paragraph}\n\nSuite.")

    assert error.code == "title_too_long"
    assert f"The headline (line 3) is {len(paragraph.strip()):,} characters long" in str(error)
    assert "at most 300 characters" in str(error)


def test_pasted_title_of_301_characters_is_a_title_too_long_error():
    assert parse_pasted(title="t" * 300, text="Texte.").title == "t" * 300
    assert error_of(parse_pasted, title="t" * 301, text="Texte.").code == "title_too_long"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "lemonde.fr/article", "ftp://example.org/a", "http://", "https:///x"],
)
def test_pasted_source_url_that_is_not_a_web_address_is_a_bad_url_error(url):
    error = error_of(parse_pasted, title="Titre", text="Texte.", source_url=url)

    assert error.code == "bad_url"
    assert str(error) == (
        f"The source URL {url!r} (the source URL field) is not a web address: it must start "
        "with http:// or https:// and name a host, like https://www.example.org/article."
    )


@pytest.mark.parametrize(
    "source", ["Source: ftp://example.org/a", "Source : www.lemonde.fr/article"]
)
def test_source_line_with_a_url_that_is_not_http_is_a_bad_url_error(source):
    error = error_of(plain, ARTICLE_HEAD + source)

    assert error.code == "bad_url"
    assert "(line 7)" in str(error)


def test_pasted_naive_publication_date_is_a_bad_date_error():
    error = error_of(
        parse_pasted, title="Titre", text="Texte.", published_at=datetime(2025, 8, 20, 1, 35)
    )

    assert error.code == "bad_date"


def test_article_parse_error_is_a_value_error_with_a_stable_code():
    error = error_of(plain, "")

    assert isinstance(error, ValueError)
    assert error.code == "empty"
    assert repr(error) == "ArticleParseError('empty', 'The text is empty (or only white space).')"
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes
    assert (copy.code, str(copy)) == ("empty", "The text is empty (or only white space).")


# --------------------------------------------------------------------------------------
# Limits and hostile input: tags, dates, invisible controls, surrogates, nesting
# --------------------------------------------------------------------------------------


def tag_lines(count: int, *, length: int = 8) -> str:
    return "\n".join(f"#T{number:0{length - 1}d}" for number in range(count))


def test_the_maximum_number_of_tags_is_accepted_and_duplicates_do_not_count():
    lines = tag_lines(importing.MAX_TAGS) + "\n#t0000000 #T0000001"

    article = plain(ARTICLE_HEAD + lines)

    assert len(article.tags) == importing.MAX_TAGS


@pytest.mark.parametrize("count", [importing.MAX_TAGS + 1, 20_000])
def test_more_tags_than_the_maximum_are_a_too_many_tags_error(count):
    error = error_of(plain, ARTICLE_HEAD + tag_lines(count))

    assert error.code == "too_many_tags"
    assert str(error) == (
        f"There are more than {importing.MAX_TAGS} different tags (the #tag lines); an "
        f"article may have at most {importing.MAX_TAGS}."
    )


def test_a_tag_of_the_maximum_length_is_accepted_and_a_longer_one_is_an_error():
    longest = "#" + "a" * importing.MAX_TAG_LENGTH

    assert plain(ARTICLE_HEAD + longest).tags == (longest[1:],)
    error = error_of(plain, ARTICLE_HEAD + longest + "b")
    assert error.code == "tag_too_long"
    assert f"{importing.MAX_TAG_LENGTH + 1:,} characters long" in str(error)


@pytest.mark.parametrize(
    ("tags", "code"),
    [
        ([f"Mot{n}" for n in range(importing.MAX_TAGS + 1)], "too_many_tags"),
        (["x" * (importing.MAX_TAG_LENGTH + 1)], "tag_too_long"),
    ],
    ids=["too-many", "too-long"],
)
def test_pasted_tags_past_the_limits_are_refused(tags, code):
    error = error_of(parse_pasted, title="Titre", text="Une phrase.", tags=tags)

    assert error.code == code
    assert "(the Tags field)" in str(error)


def test_checked_tags_stops_at_the_first_tag_past_the_maximum():
    read = []

    def tags():
        for number in range(10**6):
            read.append(number)
            yield f"T{number}"

    with pytest.raises(ArticleParseError):
        importing.checked_tags(tags(), where="a test")
    assert len(read) == importing.MAX_TAGS + 1


def test_html_keywords_past_the_limits_are_trimmed_with_notes_not_refused():
    keywords = ", ".join([f"Mot{n}" for n in range(importing.MAX_TAGS + 10)] + ["x" * 150, "Mot1"])
    page = html_page().replace("</head>", f'<meta name="keywords" content="{keywords}"></head>')

    article = parse_html(page, default_timezone=PARIS)

    assert len(article.tags) == importing.MAX_TAGS
    assert all(len(tag) <= importing.MAX_TAG_LENGTH for tag in article.tags)
    assert (
        f"Tags longer than {importing.MAX_TAG_LENGTH} characters (the page's keywords) were "
        "left out." in article.notes
    )
    assert any(f"the first {importing.MAX_TAGS} were kept" in note for note in article.notes)


@pytest.mark.parametrize(
    "date",
    ["20 août 9999 10:00", "20 août 99999", "1er mai 1799", "2099-01-01", "20/08/0001"],
)
def test_a_byline_year_outside_the_plausible_range_is_a_bad_date_error(date):
    error = error_of(plain, f"Titre\n\nLe Monde - {date}\n\nUne phrase.")

    assert error.code == "bad_date"
    assert str(error) == (
        f"The date {date!r} (line 3) cannot be a publication date: its year must be between "
        f"{importing.EARLIEST_YEAR} and {importing.latest_year()}."
    )


@pytest.mark.parametrize(
    "year", [importing.EARLIEST_YEAR, datetime.now(UTC).year, importing.latest_year()]
)
def test_byline_years_at_the_ends_of_the_range_are_accepted(year):
    article = plain(f"Titre\n\nLe Monde - 20 août {year}\n\nUne phrase.")

    assert article.published_at.year == year


def test_a_pasted_publication_date_outside_the_range_is_a_bad_date_error():
    error = error_of(
        parse_pasted,
        title="Titre",
        text="Une phrase.",
        published_at=datetime(9999, 1, 1, tzinfo=PARIS),
    )

    assert error.code == "bad_date"
    assert "(the publication date field)" in str(error)


def test_a_page_timestamp_outside_the_range_is_ignored():
    page = html_page().replace("2025-03-14T08:30:00+01:00", "9999-03-14T08:30:00+01:00")

    assert parse_html(page, default_timezone=PARIS).published_at.year == 2025


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_normalization_removes_every_bidirectional_control():
    assert normalize_text(f"a{BIDI}b\n\nc\u202e") == "ab\n\nc"
    assert importing.normalize_text("\u2067\u2069") == ""


def test_plain_text_bidirectional_controls_are_removed_with_a_note():
    text = (
        "Titre\u202e\n\nLe Monde - 20 août 2025\n\n"
        "Le ministre a dit « oui\u2067 non\u2069 » hier.\n\n#Poli\u200etique"
    )

    article = plain(text)

    assert article.paragraphs == ("Titre", "Le ministre a dit « oui non » hier.")
    assert article.tags == ("Politique",)
    assert article.notes == (
        "4 invisible bidirectional control characters were removed: they can make text "
        "display in another order than the one it is stored in.",
    )
    assert not any(character in article.body for character in BIDI)


def test_pasted_and_html_bidirectional_controls_are_removed_with_a_note():
    pasted = parse_pasted(title="Titre", text="Une phrase\u202e ici.", publisher="Le\u200f Monde")
    page = html_page().replace("nouveau mode de calcul", "nouveau\u202e mode de calcul")
    from_html = parse_html(page, default_timezone=PARIS)

    assert pasted.notes == (
        "2 invisible bidirectional control characters were removed: they can make text "
        "display in another order than the one it is stored in.",
    )
    assert pasted.publisher == "Le Monde"
    assert from_html.notes[0].startswith("1 invisible bidirectional control character was")
    assert "\u202e" not in from_html.body


@pytest.mark.parametrize(
    "data",
    [
        b"Titre\n\nUne phrase \xed\xa0\x80 ici.",  # a lone high surrogate (WTF-8)
        b"Titre\n\nUn emoji \xed\xa0\xbd\xed\xb8\x80 ici.",  # U+1F600 as CESU-8
        b"Titre\n\nCaf\xe9 \xed\xbf\xbf.",  # with Windows-1252 around it
    ],
    ids=["wtf-8", "cesu-8", "mixed"],
)
def test_utf8_encoded_surrogates_are_an_encoding_error_not_mojibake(data):
    error = error_of(upload, data, "article.txt")

    assert error.code == "encoding"
    assert "UTF-16 surrogate written like UTF-8" in str(error)


@pytest.mark.parametrize(
    ("function", "kwargs"),
    [
        (plain, {"text": "Titre\n\nUne phrase \udcc3\udca9 ici."}),
        (parse_pasted, {"title": "Titre", "text": "Une phrase \udce9."}),
        (parse_pasted, {"title": "Titre", "text": "Une phrase.", "author": "Andr\udce9"}),
        (
            parse_html,
            {"html": "<html><body><p>Une phrase \ud800 ici.</p></body></html>"},
        ),
    ],
    ids=["plain", "pasted", "pasted-author", "html"],
)
def test_text_with_lone_surrogates_is_an_encoding_error(function, kwargs):
    if function is parse_html:
        kwargs = {**kwargs, "default_timezone": PARIS}
    error = error_of(function, **kwargs)

    assert error.code == "encoding"
    assert "lone UTF-16 surrogate" in str(error)


def nested_page(
    levels: int, *, tail: str = "Un dernier paragraphe après toutes les boîtes."
) -> str:
    boxes = "".join(
        f"<div><p>Le paragraphe numéro {level} du texte de l’article, assez long pour compter.</p>"
        for level in range(levels)
    )
    return (
        '<!DOCTYPE html><html lang="fr"><head><title>Un titre</title></head><body><article>'
        f"<h1>Un titre</h1>{boxes}{'</div>' * levels}<p>{tail}</p></article></body></html>"
    )


@pytest.mark.parametrize("levels", [importing.MAX_HTML_DEPTH, 5_000])
def test_html_nested_deeper_than_the_limit_is_refused_rather_than_cut(levels):
    error = error_of(parse_html, nested_page(levels), default_timezone=PARIS)

    assert error.code == "too_deeply_nested"
    assert f"more than {importing.MAX_HTML_DEPTH} levels deep" in str(error)


@pytest.mark.parametrize("levels", [20, importing.MAX_HTML_DEPTH - 10])
def test_html_nested_within_the_limit_keeps_every_paragraph(levels):
    article = parse_html(nested_page(levels), default_timezone=PARIS)

    assert len(article.paragraphs) == levels + 2
    assert article.paragraphs[-1] == "Un dernier paragraphe après toutes les boîtes."


@given(MESSY_TEXT)
@example(f"{BIDI} \ufeff\x00")
@example("\u0301")
def test_is_empty_agrees_with_normalize_text(text):
    assert importing.text.is_empty(text) == (normalize_text(text) == "")


def test_thousands_of_source_lines_give_one_short_note_each_kind():
    sources = "\n".join(f"Source : Journal {n}, https://example.org/{n}" for n in range(5_000))

    article = plain(ARTICLE_HEAD + sources)

    assert article.notes == (
        "The Source line names 'Journal 0', 'Journal 1', 'Journal 2' and 4,997 more; the "
        "publisher from the byline ('Chas Pravdy') was kept.",
        "Only the first source URL was kept; also given: https://example.org/1, "
        "https://example.org/2, https://example.org/3 and 4,996 more.",
    )
