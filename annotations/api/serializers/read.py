"""The public read API's documents as serializers: the OpenAPI schema's reference shapes.

Only what is public is read here: the querysets come from ``annotations.selectors``
(public statuses only) and only published verdict versions are ever shown. The claim
list and detail are sent as ``representations`` builds them, from rows; these
serializers describe them (a test checks that both agree) and serve the articles.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import anchoring, selectors
from annotations.api.representations import rating_dict
from annotations.markdown import render_markdown
from annotations.models import AnchorState, Claim, Evidence, Verdict, public_name_of


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


# --- Schema-only shapes (documented in the OpenAPI document) -------------------------


class LabelSerializer(serializers.Serializer):
    fr = serializers.CharField()
    en = serializers.CharField()


class RatingSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Verdict.Rating.choices)
    value = serializers.IntegerField(
        allow_null=True,
        min_value=min(Verdict.RATING_VALUES.values()),
        max_value=max(Verdict.RATING_VALUES.values()),
        help_text="1 (false) to 5 (true), or null.",
    )
    label = LabelSerializer()


class PositionSelectorSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character in the body.")
    end = serializers.IntegerField(help_text="Offset after the last character.")


class QuoteSelectorSerializer(serializers.Serializer):
    exact = serializers.CharField()
    prefix = serializers.CharField(allow_blank=True)
    suffix = serializers.CharField(allow_blank=True)


class SelectorsSerializer(serializers.Serializer):
    position = PositionSelectorSerializer()
    quote = QuoteSelectorSerializer()


class AnchorSerializer(serializers.Serializer):
    """Which version of the article's text the verdict checked, and where its passage
    stands in the current version."""

    state = serializers.ChoiceField(
        choices=AnchorState.choices,
        help_text="The checked passage in the current version: `unchanged`, `changed` "
        "(edited: `quote` is how it reads now) or `removed` (no `start`, `end`, `quote`).",
    )
    checked_revision = serializers.IntegerField(
        help_text="The version of the article's text the verdict checked (1 for the first "
        "import); the claim's `selectors` are in its text."
    )
    checked_revision_at = serializers.DateTimeField(
        allow_null=True, help_text="When that version was imported."
    )
    current_revision = serializers.IntegerField(help_text="The article's current version.")
    start = serializers.IntegerField(
        required=False, help_text="Offset of the passage in the current version's text."
    )
    end = serializers.IntegerField(required=False)
    quote = serializers.CharField(
        required=False, help_text="The passage as the current version reads."
    )


def anchor_of(claim) -> dict:
    """The ``anchor`` of a public claim read as a model (its article's current version
    annotated as ``current_version``, or its article selected)."""
    checked_at = getattr(claim, "checked_version_at", None)
    current = getattr(claim, "current_version", None) or claim.article.current_version
    return anchoring.public_anchor(
        state=claim.anchor_state,
        checked_version=claim.checked_version,
        checked_quote=claim.checked_quote,
        current_version=current,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        proposed_start=claim.proposed_start,
        proposed_end=claim.proposed_end,
        proposed_quote=claim.proposed_quote,
        checked_at=serializers.DateTimeField().to_representation(checked_at)
        if checked_at
        else None,
    )


class RationaleSerializer(serializers.Serializer):
    markdown = serializers.CharField()
    html = serializers.CharField(help_text="Sanitized HTML rendered from the Markdown.")


# --- Articles -------------------------------------------------------------------------


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    language = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    source_url = serializers.CharField(allow_blank=True)
    url = serializers.SerializerMethodField(help_text="This article in the API.")

    def get_url(self, article) -> str:
        return _absolute(
            self.context.get("request"), reverse("api:article-detail", args=[article.pk])
        )


# --- Claims ---------------------------------------------------------------------------


class ClaimSummarySerializer(serializers.Serializer):
    """A claim in a list: no evidence, rationale or history (see the detail for those)."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    claimant = serializers.CharField()
    quote = serializers.CharField(
        source="checked_quote",
        help_text="The passage the verdict checked, as the version it checked reads.",
    )
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in Claim.PUBLIC_STATUSES],
        help_text="`published`, `corrected` (its verdict was corrected) or `retracted`.",
    )
    rating = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(help_text="First publication.")
    updated_at = serializers.SerializerMethodField(
        help_text="Last publication, correction or retraction."
    )
    retracted_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="This claim in the API.")
    anchor = serializers.SerializerMethodField()

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, claim) -> dict | None:
        return rating_dict(getattr(claim, "current_rating", None))

    @extend_schema_field(AnchorSerializer)
    def get_anchor(self, claim) -> dict:
        return anchor_of(claim)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, claim):
        # ``last_change``: annotated by the selectors (``selectors.last_public_change``).
        return serializers.DateTimeField().to_representation(claim.last_change)

    def get_url(self, claim) -> str:
        return _absolute(self.context.get("request"), reverse("api:claim-detail", args=[claim.pk]))


class SameAsSerializer(serializers.Serializer):
    """A published fact-check that a person marked as checking the same claim."""

    kind = serializers.ChoiceField(
        choices=[selectors.OURS, selectors.EXTERNAL],
        help_text="`ours`: an earlier fact-check published here; `external`: another "
        "organisation's (never our verdict).",
    )
    id = serializers.IntegerField(
        help_text="The claim's id here (`ours`), or the imported fact-check's (`external`)."
    )
    text = serializers.CharField(help_text="The claim as that fact-check words it.")
    rating = serializers.CharField(
        help_text="Its rating: one of our rating codes (`ours`), or the organisation's own "
        "words (`external`)."
    )
    date = serializers.DateField(allow_null=True, help_text="When it was published.")
    organisation = serializers.CharField(help_text="Who published it.")
    url = serializers.SerializerMethodField(
        help_text="Its page: our public page (`ours`), the organisation's review (`external`)."
    )
    api_url = serializers.SerializerMethodField(
        help_text="The claim in this API (`ours`); null for `external`."
    )
    language = serializers.CharField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, link) -> str:
        return _absolute(self.context.get("request"), link.url)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_api_url(self, link) -> str | None:
        if link.external:
            return None
        return _absolute(self.context.get("request"), reverse("api:claim-detail", args=[link.id]))


class ClaimListSerializer(ClaimSummarySerializer):
    article = ArticleSummarySerializer()
    same_as = serializers.SerializerMethodField(
        help_text="The fact-checks already published (ours or other organisations') that a "
        "person marked as checking the same claim, in the order marked."
    )

    @extend_schema_field(SameAsSerializer(many=True))
    def get_same_as(self, claim) -> list[dict]:
        links = getattr(claim, "same_as", None)
        if links is None:
            links = selectors.same_claim_links([claim.pk])[claim.pk]
        return SameAsSerializer(links, many=True, context=self.context).data


class EvidenceSerializer(serializers.Serializer):
    url = serializers.URLField()
    title = serializers.CharField()
    publisher = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    quote = serializers.CharField(allow_blank=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)


CHECKED_BY_HELP = (
    "Who checked it (wrote this verdict), by the name they sign with: their display name, "
    "or the team's name (`PUBLISHER_NAME`) when they chose it or set none."
)
APPROVED_BY_HELP = "Who approved it (a moderator, never its author), named as `checked_by`."


class VerdictVersionSerializer(serializers.Serializer):
    """A published verdict version: the first publication (version 1) or a correction."""

    version = serializers.IntegerField()
    rating = serializers.SerializerMethodField()
    correction_note = serializers.CharField(
        allow_blank=True, help_text="What changed and why (empty for version 1)."
    )
    published_at = serializers.DateTimeField()
    rationale = serializers.CharField(help_text="The rationale of this version (Markdown).")
    checked_by = serializers.SerializerMethodField(help_text=CHECKED_BY_HELP)
    approved_by = serializers.SerializerMethodField(help_text=APPROVED_BY_HELP)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, verdict) -> dict:
        return rating_dict(verdict.rating)

    def get_checked_by(self, verdict) -> str:
        return public_name_of(verdict.author)

    def get_approved_by(self, verdict) -> str:
        return public_name_of(verdict.approved_by)


class ClaimDetailSerializer(ClaimListSerializer):
    """A public claim with all that supports its verdict, and its public history."""

    selectors = serializers.SerializerMethodField(
        help_text="The checked passage in the text of the version checked "
        "(`anchor.checked_revision`, whose `body` the article's `versions` give)."
    )
    version = serializers.SerializerMethodField(
        help_text="The current published verdict version (1, then 2 after a correction...)."
    )
    checked_by = serializers.SerializerMethodField(
        help_text=f"The current published verdict's. {CHECKED_BY_HELP}"
    )
    approved_by = serializers.SerializerMethodField(
        help_text=f"The current published verdict's. {APPROVED_BY_HELP}"
    )
    rationale = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)
    retraction_note = serializers.CharField(allow_blank=True)
    corrections = serializers.SerializerMethodField(
        help_text="Every published verdict version, newest first."
    )
    public_url = serializers.SerializerMethodField(help_text="The claim's public page.")
    claimreview_url = serializers.SerializerMethodField(
        help_text="The claim as a schema.org ClaimReview (JSON-LD)."
    )
    annotation_url = serializers.SerializerMethodField(
        help_text="The claim as a W3C Web Annotation (JSON-LD)."
    )

    @staticmethod
    def _verdicts(claim) -> list[Verdict]:
        return getattr(claim, "published_verdicts", [])

    def _current(self, claim) -> Verdict | None:
        versions = self._verdicts(claim)
        return versions[0] if versions else None

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, claim) -> dict | None:
        current = self._current(claim)
        return rating_dict(current.rating if current else None)

    @extend_schema_field(SelectorsSerializer)
    def get_selectors(self, claim) -> dict:
        # In the version the verdict checked (``anchor.checked_revision``).
        return anchoring.span_selectors(
            start=claim.checked_start,
            end=claim.checked_end,
            quote=claim.checked_quote,
            prefix=claim.checked_prefix,
            suffix=claim.checked_suffix,
        )

    def get_version(self, claim) -> int | None:
        current = self._current(claim)
        return current.version if current else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_checked_by(self, claim) -> str | None:
        current = self._current(claim)
        return public_name_of(current.author) if current else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_approved_by(self, claim) -> str | None:
        current = self._current(claim)
        return public_name_of(current.approved_by) if current else None

    @extend_schema_field(RationaleSerializer(allow_null=True))
    def get_rationale(self, claim) -> dict | None:
        current = self._current(claim)
        if current is None:
            return None
        return {"markdown": current.rationale, "html": render_markdown(current.rationale)}

    @extend_schema_field(VerdictVersionSerializer(many=True))
    def get_corrections(self, claim) -> list[dict]:
        return VerdictVersionSerializer(self._verdicts(claim), many=True).data

    def get_public_url(self, claim) -> str:
        return _absolute(
            self.context.get("request"),
            reverse("annotations:public_claim_detail", args=[claim.pk]),
        )

    def _api_prefix(self) -> str:
        # "/api/v1/": the formats' URLs are built as plain strings under it.
        return reverse("api:claim-list").removesuffix("claims/")

    def get_claimreview_url(self, claim) -> str:
        return _absolute(
            self.context.get("request"), f"{self._api_prefix()}claims/{claim.pk}/claimreview"
        )

    def get_annotation_url(self, claim) -> str:
        return _absolute(self.context.get("request"), f"{self._api_prefix()}annotations/{claim.pk}")


class ArticleListSerializer(ArticleSummarySerializer):
    author = serializers.CharField(allow_blank=True)
    public_claim_count = serializers.IntegerField()


class ArticleVersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    imported_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="This version, with its text.")

    def get_url(self, version) -> str:
        return _absolute(
            self.context.get("request"),
            reverse("api:article-version", args=[version.article_id, version.number]),
        )


class ArticleDetailSerializer(ArticleListSerializer):
    current_version = serializers.IntegerField(help_text="The number of the current version.")
    versions = ArticleVersionSummarySerializer(
        many=True,
        source="text_versions",
        help_text="Every version of the article's text, first to last: the selectors of "
        "a claim are in the text of the version its verdict checked.",
    )
    claims = ClaimSummarySerializer(many=True, source="public_claims")


class ArticleVersionSerializer(serializers.Serializer):
    """One version of an article's text, as imported."""

    article = serializers.SerializerMethodField(help_text="The article in the API.")
    number = serializers.IntegerField()
    current = serializers.SerializerMethodField(help_text="Whether it is the current version.")
    imported_at = serializers.DateTimeField()
    title = serializers.CharField()
    body = serializers.CharField(
        help_text="The normalized text, headline first: selectors count its Unicode code points."
    )

    def get_article(self, version) -> str:
        return _absolute(
            self.context.get("request"), reverse("api:article-detail", args=[version.article_id])
        )

    def get_current(self, version) -> bool:
        return version.number == version.article.current_version
