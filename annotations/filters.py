"""The filters of the public fact-checks page (rating, article, publication date)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from annotations import selectors
from annotations.models import MAX_ID, Claim, Verdict


class BoundedModelChoiceField(forms.ModelChoiceField):
    """Refuses an id a 64-bit column cannot hold before asking the database."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                if not 0 < int(value) <= MAX_ID:
                    raise ValueError
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class PublicClaimFilter(django_filters.FilterSet):
    """Filters of the public list of fact-checks (rating, article, publication date)."""

    rating = django_filters.ChoiceFilter(
        label=_("Rating"), field_name="current_rating", choices=Verdict.Rating.choices
    )
    article = BoundedModelChoiceFilter(
        label=_("Article"),
        queryset=selectors.public_article_choices(),
    )
    published_after = django_filters.DateFilter(
        label=_("Published from"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        label=_("Published until"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Claim
        fields = ["rating", "article", "published_after", "published_before"]
