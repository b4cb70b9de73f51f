"""Reading ClaimReview JSON-LD and CSV into rows, with an error per bad row."""

import json
from datetime import date

from annotations.importing import claimreview


def review(url="https://checker.example/1", claim="Unemployment fell to 7 % in 2023.", **extra):
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "author": {"@type": "Organization", "name": "Checker"},
        "datePublished": "2024-03-05",
        "inLanguage": "en",
    }
    data.update(extra)
    return data


def test_a_single_object_gives_one_row_with_every_field():
    parsed = claimreview.parse(json.dumps(review()), filename="feed.json")
    assert parsed.errors == ()
    (row,) = parsed.rows
    assert row.claim == "Unemployment fell to 7 % in 2023."
    assert row.rating == "False"
    assert row.url == "https://checker.example/1"
    assert row.organisation == "Checker"
    assert row.date == date(2024, 3, 5)
    assert row.language == "en"


def test_a_list_gives_a_row_per_review():
    feed = [review(f"https://checker.example/{n}") for n in range(3)]
    assert len(claimreview.parse(json.dumps(feed)).rows) == 3


def test_an_item_list_of_list_items_is_opened():
    feed = {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": review("https://a.example/1")},
            {"@type": "ListItem", "position": 2, "item": review("https://a.example/2")},
        ],
    }
    parsed = claimreview.parse(json.dumps(feed))
    assert [row.url for row in parsed.rows] == ["https://a.example/1", "https://a.example/2"]


def test_a_graph_is_opened():
    feed = {"@context": "https://schema.org", "@graph": [review(), review("https://b.example/")]}
    assert len(claimreview.parse(json.dumps(feed)).rows) == 2


def test_json_lines_number_their_errors_by_line():
    lines = [json.dumps(review("https://a.example/1")), "{not json", json.dumps(review(url=""))]
    parsed = claimreview.parse("\n".join(lines), filename="feed.jsonl")
    assert len(parsed.rows) == 1
    assert [error.position for error in parsed.errors] == ["line 2", "line 3"]
    assert "no review URL" in parsed.errors[1].message


def test_a_web_page_gives_its_claim_reviews_and_passes_over_other_types():
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@type": "Organization", "name": "Checker"})
        + "</script><script type='application/ld+json'>"
        + json.dumps(review(inLanguage="fr-FR", claim="Le chômage a baissé."))
        + "</script></head><body><p>Hello</p></body></html>"
    )
    parsed = claimreview.parse(page, filename="page.html")
    assert parsed.errors == ()
    assert [row.language for row in parsed.rows] == ["fr"]


def test_csv_rows_are_read_and_bad_lines_named():
    content = (
        "claim,rating,url,organisation,date,language\n"
        "Vaccines cause autism.,False,https://c.example/1,Checker,2024-01-02,en\n"
        "Les vaccins causent l'autisme.,Faux,ftp://c.example/2,Checker,2024-01-02,fr\n"
        "Something,True,https://c.example/3,Checker,yesterday,de\n"
    )
    parsed = claimreview.parse(content, filename="reviews.csv")
    assert len(parsed.rows) == 1
    assert [str(error) for error in parsed.errors] == [
        "line 3: URL 'ftp://c.example/2' is not an http(s) address",
        "line 4: date 'yesterday' is not YYYY-MM-DD; "
        "language 'de' is neither French (fr) nor English (en)",
    ]


def test_a_csv_without_the_required_columns_is_refused_whole():
    parsed = claimreview.parse("claim,verdict\nx,y\n", filename="x.csv")
    assert parsed.rows == ()
    assert str(parsed.errors[0]) == "line 1: missing column(s): rating, url"


def test_an_item_that_is_not_a_claim_review_is_an_error_in_a_feed():
    parsed = claimreview.parse(json.dumps([review(), {"@type": "Article"}]))
    assert [str(error) for error in parsed.errors] == ["item 2: not a ClaimReview (Article)"]


def test_a_missing_language_is_told_from_the_claim():
    data = review(claim="Le gouvernement a augmenté les impôts de la classe moyenne.")
    del data["inLanguage"]
    (row,) = claimreview.parse(json.dumps(data)).rows
    assert row.language == "fr"


def test_a_rating_given_only_as_a_value_is_kept():
    data = review(reviewRating={"@type": "Rating", "ratingValue": 1})
    (row,) = claimreview.parse(json.dumps(data)).rows
    assert row.rating == "1"


def test_an_author_list_gives_the_first_name():
    data = review(author=[{"@type": "Organization", "name": "First"}, {"name": "Second"}])
    (row,) = claimreview.parse(json.dumps(data)).rows
    assert row.organisation == "First"


def test_text_that_is_no_known_format_is_one_error():
    parsed = claimreview.parse("hello", filename="x.txt")
    assert parsed.rows == ()
    assert parsed.errors[0].position == "file"
