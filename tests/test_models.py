"""The invariants the database itself enforces, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Article, Sentence, Tag
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _insert_sentence(article, **fields):
    values = {"position": 99, "start": 0, "end": 5, "paragraph": 1, "is_headline": False}
    values.update(fields)
    with transaction.atomic():
        Sentence.objects.create(article=article, **values)


def test_sentence_with_start_after_end_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        _insert_sentence(article, start=10, end=3)


def test_empty_sentence_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        _insert_sentence(article, start=7, end=7)


def test_negative_offset_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        _insert_sentence(article, start=-1, end=3)


def test_two_sentences_at_one_position_are_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        _insert_sentence(article, position=0, start=500, end=501)


def test_headline_outside_paragraph_zero_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        _insert_sentence(article, start=900, end=901, paragraph=3, is_headline=True)


def test_same_content_hash_twice_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            title="Autre",
            body="Autre\n\nTexte.",
            language="fr",
            content_hash=article.content_hash,
            import_format="pasted",
        )


def test_article_with_empty_body_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            title="Titre", body="", language="fr", content_hash="x", import_format="pasted"
        )


def test_tags_differing_only_in_case_are_one_tag():
    Tag.objects.create(name="Politique")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="politique")
