"""The write API's requests and answers (drafts, evidence, verdicts, decisions) as serializers.

Serializers check the shape of a request; the rules (offsets against the article, URL
schemes, who may do what, states) stay in ``annotations.services``, as for the UI. A
quote given without offsets is found in the article by ``annotations.anchoring``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from annotations import anchoring, selectors
from annotations.models import MAX_ID, NOTE_MAX_LENGTH, Claim, Evidence, Verdict


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Refuses an id a 64-bit column cannot hold before asking the database (SQLite
    raises OverflowError on it)."""

    def to_internal_value(self, data):
        try:
            in_range = 0 < int(data) <= MAX_ID
        except (TypeError, ValueError):
            in_range = True  # let the parent report the wrong type
        if not in_range:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class ClaimCreateSerializer(serializers.Serializer):
    article = BoundedPrimaryKeyRelatedField(queryset=selectors.article_bodies())
    quote = serializers.CharField(
        trim_whitespace=False,
        help_text="The highlighted text, exactly as in the article (white space aside).",
    )
    start = serializers.IntegerField(
        required=False, min_value=0, help_text="Offset of the first character (with `end`)."
    )
    end = serializers.IntegerField(
        required=False, min_value=1, help_text="Offset after the last character (with `start`)."
    )
    occurrence = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Without offsets: which occurrence of the quote (0 is the first), "
        "needed when the quote occurs more than once.",
    )
    text = serializers.CharField(max_length=Claim.TEXT_MAX_LENGTH)
    claimant = serializers.CharField(
        max_length=Claim.CLAIMANT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        body = attrs["article"].body
        has_start, has_end = "start" in attrs, "end" in attrs
        if has_start != has_end:
            missing = "end" if has_start else "start"
            raise serializers.ValidationError(
                {missing: [_("Give both start and end, or neither (then the quote is found).")]}
            )
        if has_start:
            if "occurrence" in attrs:
                raise serializers.ValidationError(
                    {"occurrence": [_("Give either offsets or an occurrence, not both.")]}
                )
            errors = {}
            if attrs["end"] > len(body):
                errors["end"] = [_("The article has %(count)d characters.") % {"count": len(body)}]
            if attrs["start"] >= attrs["end"]:
                errors["start"] = [_("start must be less than end.")]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs
        try:
            attrs["start"], attrs["end"] = anchoring.locate_quote(
                body, attrs["quote"], attrs.pop("occurrence", None)
            )
        except anchoring.SpanError as error:
            raise serializers.ValidationError(_quote_error(error)) from None
        return attrs


def _quote_error(error: anchoring.SpanError) -> dict[str, list[str]]:
    """Why a quote given without offsets could not be located, by field."""
    if error.code == "not_found":
        return {"quote": [_("This text is not in the article.")]}
    if error.code == "ambiguous":
        message = _(
            "The quote occurs %(count)d times in the article; say which (0 to %(last)d)."
        ) % {"count": error.count, "last": error.count - 1}
    else:  # no_such_occurrence
        message = _("The quote occurs only %(count)d times.") % {"count": error.count}
    return {"occurrence": [message]}


class EvidenceCreateSerializer(serializers.Serializer):
    # A plain string: the service checks the address (http or https only, with a host),
    # with the same message as the form.
    url = serializers.CharField(max_length=Evidence.URL_MAX_LENGTH)
    title = serializers.CharField(
        max_length=Evidence.TITLE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional: the source's site (the URL's host, without www.) when left out.",
    )
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    publisher = serializers.CharField(
        max_length=Evidence.PUBLISHER_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    quote = serializers.CharField(
        max_length=Evidence.QUOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


RATINGS = ", ".join(f"`{value}`" for value in Verdict.Rating.values)


class VerdictSetSerializer(serializers.Serializer):
    # A string, not an enum, in the schema: the enum is named after the read API's `code`.
    rating = serializers.CharField(help_text=f"One of {RATINGS}.")
    rationale = serializers.CharField(
        max_length=Verdict.RATIONALE_MAX_LENGTH, help_text="Markdown, sanitized when shown."
    )
    correction_note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for a correction of a published verdict: shown publicly.",
    )

    def validate_rating(self, value: str) -> str:
        if value not in Verdict.Rating.values:
            raise serializers.ValidationError(_("Choose a rating."))
        return value


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RequestChangesSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What the author should change.")


# --- Responses --------------------------------------------------------------------------


class DraftEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "url", "title", "publisher", "published_on", "quote", "stance"]


class DraftVerdictSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: the enums are named after the read API's fields.
    status = serializers.CharField(
        read_only=True, help_text="draft, in_review, changes_requested or published."
    )
    rating = serializers.CharField(read_only=True, help_text=f"One of {RATINGS}.")

    class Meta:
        model = Verdict
        fields = ["version", "status", "rating", "rationale", "correction_note"]


class DraftClaimSerializer(serializers.ModelSerializer):
    """A claim as its author and the moderators see it, drafts included."""

    status = serializers.CharField(
        read_only=True,
        help_text="draft, in_review, changes_requested, published, corrected or retracted.",
    )
    author = serializers.CharField(source="author.get_username", read_only=True)
    evidence = DraftEvidenceSerializer(many=True, read_only=True)
    verdict = DraftVerdictSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "status",
            "version",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "text",
            "claimant",
            "author",
            "evidence",
            "verdict",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class StaleVersionSerializer(ErrorSerializer):
    version = serializers.IntegerField(help_text="The claim's current version.")


class ConflictSerializer(ErrorSerializer):
    missing = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="What the claim still lacks before it can be submitted.",
    )
