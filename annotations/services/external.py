"""Storing other organisations' fact-checks from their ClaimReview feeds (all or nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from annotations.importing.claimreview import ReviewRow, RowError
from annotations.models import ExternalFactCheck
from annotations.services import matching

FIELDS = ("claim", "rating", "organisation", "published_on", "language", "source")


@dataclass(frozen=True)
class ExternalImportResult:
    """What an import did: rows created, rows updated (same review URL), rows refused."""

    created: int
    updated: int
    unchanged: int
    refused: tuple[RowError, ...] = ()

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.refused)} refused."
        )


def external_factchecks_import(
    *, rows: Sequence[ReviewRow], source: str, refused: Sequence[RowError] = ()
) -> ExternalImportResult:
    """Store ``rows`` in one transaction, updating the fact-check that has the same review
    URL. ``refused`` are the parser's errors, passed through to the result; a URL given
    twice in ``rows`` is refused the second time (the first is stored). Two queries to
    read what exists, then one bulk insert and one bulk update."""
    source = source[: ExternalFactCheck.SOURCE_MAX_LENGTH]
    refusals = list(refused)
    unique: dict[str, ReviewRow] = {}
    for number, row in enumerate(rows, start=1):
        if row.url in unique:
            refusals.append(RowError(f"row {number}", f"review URL {row.url} given twice"))
        else:
            unique[row.url] = row
    now = timezone.now()
    with transaction.atomic():
        existing = {
            fact_check.review_url: fact_check
            for fact_check in ExternalFactCheck.objects.select_for_update().filter(
                review_url__in=list(unique)
            )
        }
        new, changed = [], []
        unchanged = 0
        for url, row in unique.items():
            values = {
                "claim": row.claim,
                "rating": row.rating,
                "organisation": row.organisation,
                "published_on": row.date,
                "language": row.language,
                "source": source,
            }
            current = existing.get(url)
            if current is None:
                new.append(ExternalFactCheck(review_url=url, imported_at=now, **values))
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.imported_at = now
                changed.append(current)
            else:
                unchanged += 1
        ExternalFactCheck.objects.bulk_create(new, batch_size=500)
        ExternalFactCheck.objects.bulk_update(changed, [*FIELDS, "imported_at"], batch_size=500)
        if changed:
            matching.vectors_forget(externals=[fact_check.pk for fact_check in changed])
        if new or changed:
            transaction.on_commit(matching.compute_soon)
    return ExternalImportResult(
        created=len(new), updated=len(changed), unchanged=unchanged, refused=tuple(refusals)
    )
