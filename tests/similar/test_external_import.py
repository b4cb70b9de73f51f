"""Storing imported fact-checks: idempotent on the review URL, all or nothing, the command."""

import io
import json
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotations import services
from annotations.importing.claimreview import ReviewRow, RowError
from annotations.models import ExternalFactCheck

pytestmark = pytest.mark.django_db


def row(url="https://checker.example/1", claim="Vaccines cause autism.", rating="False"):
    return ReviewRow(
        claim=claim,
        rating=rating,
        url=url,
        organisation="Checker",
        date=date(2024, 1, 2),
        language="en",
    )


def test_an_import_creates_a_fact_check_per_row():
    result = services.external_factchecks_import(
        rows=[row(), row("https://checker.example/2")], source="feed.json"
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    stored = ExternalFactCheck.objects.get(review_url="https://checker.example/1")
    assert (stored.claim, stored.rating, stored.source) == (
        "Vaccines cause autism.",
        "False",
        "feed.json",
    )


def test_importing_again_updates_the_row_with_the_same_review_url():
    services.external_factchecks_import(rows=[row()], source="a.json")
    again = services.external_factchecks_import(rows=[row()], source="a.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = services.external_factchecks_import(rows=[row(rating="Misleading")], source="a.json")
    assert (changed.created, changed.updated) == (0, 1)
    assert ExternalFactCheck.objects.get().rating == "Misleading"


def test_a_url_given_twice_is_refused_the_second_time():
    result = services.external_factchecks_import(rows=[row(), row(rating="True")], source="x")
    assert result.created == 1
    assert [error.position for error in result.refused] == ["row 2"]
    assert ExternalFactCheck.objects.get().rating == "False"


def test_the_parser_errors_are_passed_through():
    error = RowError("line 3", "no rating")
    result = services.external_factchecks_import(rows=[], source="x", refused=[error])
    assert result.refused == (error,)


def test_a_failing_import_stores_nothing():
    with (
        mock.patch.object(ExternalFactCheck.objects, "bulk_update", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.external_factchecks_import(rows=[row(), row("https://c.example/2")], source="x")
    assert not ExternalFactCheck.objects.exists()


def test_an_import_of_many_rows_takes_a_fixed_number_of_queries(django_assert_num_queries):
    rows = [row(f"https://checker.example/{n}") for n in range(50)]
    # savepoint, read the existing rows, one insert, release
    with django_assert_num_queries(4):
        services.external_factchecks_import(rows=rows, source="x")


def write_feed(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


FEED = json.dumps(
    [
        {
            "@type": "ClaimReview",
            "url": "https://checker.example/1",
            "claimReviewed": "Vaccines cause autism.",
            "reviewRating": {"alternateName": "False"},
            "author": {"name": "Checker"},
            "inLanguage": "en",
        }
    ]
)


def test_the_command_imports_a_feed_and_says_what_it_did(tmp_path):
    out = io.StringIO()
    call_command("import_claimreviews", write_feed(tmp_path, "feed.json", FEED), stdout=out)
    assert "1 created, 0 updated, 0 unchanged, 0 refused." in out.getvalue()
    assert ExternalFactCheck.objects.get().source == "feed.json"


def test_the_command_fails_when_a_row_is_refused_and_keeps_the_good_ones(tmp_path):
    csv = (
        "claim,rating,url,organisation,date,language\n"
        "Good claim.,False,https://c.example/1,C,2024-01-01,en\n"
        "Bad claim.,,https://c.example/2,C,2024-01-01,en\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 created.*1 refused") as caught:
        call_command(
            "import_claimreviews",
            write_feed(tmp_path, "r.csv", csv),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert caught.value.returncode == 1
    assert "line 3: no rating" in err.getvalue()
    assert ExternalFactCheck.objects.count() == 1


def test_a_dry_run_stores_nothing(tmp_path):
    out = io.StringIO()
    call_command(
        "import_claimreviews", write_feed(tmp_path, "feed.json", FEED), "--dry-run", stdout=out
    )
    assert "Dry run (nothing stored): 1 created" in out.getvalue()
    assert not ExternalFactCheck.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="1 refused"):
        call_command(
            "import_claimreviews",
            str(tmp_path / "nope.json"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_the_review_url_must_be_http():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ExternalFactCheck.objects.create(
            claim="x", rating="y", review_url="ftp://x.example/", language="en", source="s"
        )
