"""``/api/v1/similar``: published fact-checks that say the same thing as a text.

Ours and other organisations' (imported ClaimReview), found by claim matching.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import selectors
from annotations.api import representations
from annotations.api.common import PublicReadMixin

MAX_TEXT_LENGTH = 1000
MAX_LIMIT = 20
DEFAULT_LIMIT = 5
MAX_TEXTS = 100
LANGUAGES = ("fr", "en")


class SimilarQuerySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_TEXT_LENGTH, help_text="The claim to look for (at most 1,000 characters)."
    )
    language = serializers.ChoiceField(
        choices=LANGUAGES,
        required=False,
        help_text="The text's language (default: told from its words).",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text="At most 20."
    )


class SimilarBatchSerializer(serializers.Serializer):
    texts = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TEXT_LENGTH),
        min_length=1,
        max_length=MAX_TEXTS,
        help_text="Up to 100 claims; the answer has one list of matches per text, in order.",
    )
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)


class SimilarMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[selectors.OURS, selectors.EXTERNAL],
        help_text="ours: a fact-check published here; external: another organisation's.",
    )
    id = serializers.IntegerField()
    text = serializers.CharField(help_text="The claim the fact-check is about.")
    rating = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="When the fact-check was published.")
    organisation = serializers.CharField()
    url = serializers.URLField(help_text="The fact-check's page.")
    language = serializers.CharField()
    score = serializers.FloatField(help_text="Higher is closer; comparable within one answer.")
    reason = serializers.CharField(help_text="'words in common' or 'similar meaning'.")
    shared_words = serializers.ListField(child=serializers.CharField())
    other_figures = serializers.BooleanField(help_text="It states other figures than the text.")
    opposite_polarity = serializers.BooleanField(help_text="It says the opposite (negation).")


def represent(request, match: selectors.SimilarFactCheck, publisher: str) -> dict:
    ours = match.kind == selectors.OURS
    day = match.date.date() if hasattr(match.date, "date") else match.date
    return {
        "kind": match.kind,
        "id": match.id,
        "text": match.text,
        "rating": match.rating,
        "date": day.isoformat() if day else None,
        "organisation": publisher if ours else match.organisation,
        "url": request.build_absolute_uri(representations.public_page_path(match.id))
        if ours
        else match.url,
        "language": match.language,
        "score": match.score,
        "reason": match.reason,
        "shared_words": list(match.shared_words),
        "other_figures": match.other_figures,
        "opposite_polarity": match.opposite_polarity,
    }


def string_keys(errors):
    """Errors with string keys: a list's errors are keyed by position (0, 1, …), which
    JSON cannot have as keys (the renderer refuses them)."""
    if isinstance(errors, dict):
        return {str(key): string_keys(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [string_keys(value) for value in errors]
    return errors


BAD_REQUEST = OpenApiResponse(
    description="An empty or too long text, a bad limit or language: the errors by field."
)


class SimilarView(PublicReadMixin, APIView):
    """Claim matching: the published fact-checks that say the same thing as a text, in
    French or English (a French text finds an English fact-check), best first."""

    def answer(self, request, texts, data) -> list[list[dict]]:
        results = selectors.similar_factchecks_many(
            texts, language=data.get("language"), limit=data["limit"]
        )
        return [
            [represent(request, match, settings.PUBLISHER_NAME) for match in matches]
            for matches in results
        ]

    @extend_schema(
        operation_id="similar_search",
        parameters=[SimilarQuerySerializer],
        responses={200: SimilarMatchSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request):
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            self.answer(request, [query.validated_data["text"]], query.validated_data)[0]
        )

    @extend_schema(
        operation_id="similar_search_many",
        request=SimilarBatchSerializer,
        responses={
            200: serializers.ListSerializer(child=SimilarMatchSerializer(many=True)),
            400: BAD_REQUEST,
        },
    )
    def post(self, request):
        batch = SimilarBatchSerializer(data=request.data)
        if not batch.is_valid():
            return Response(string_keys(batch.errors), status=400)
        return Response(self.answer(request, batch.validated_data["texts"], batch.validated_data))
