"""The filters of the public fact-checks page and of a reviewer's "My claims".

Public: search, rating, article, publication date. My claims: state, article, language."""

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from annotations import selectors
from annotations.models import MAX_ID, Claim, ClaimStatus, Verdict


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
    """Filters of the public list of fact-checks (search, rating, article, publication date).

    The search is claim matching over our public claims (words from the database's
    full-text search and meaning from the stored vectors, fused): its best
    ``selectors.PUBLIC_SEARCH_LIMIT`` fact-checks, best first, which the other filters
    narrow down."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=Claim.TEXT_MAX_LENGTH,
        help_text=_(
            "Words or a whole claim, in French or English: the fact-checks that say the "
            "same thing come first."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    rating = django_filters.ChoiceFilter(
        label=_("Rating"),
        field_name="current_rating",
        choices=Verdict.Rating.choices,
        empty_label=_("Any rating"),
    )
    # A choice list of every article with a public fact-check grows with the archive (2,000
    # options at the benchmark's scale made most of the page's time and weight): the form
    # searches the articles' titles and publishers instead, and one article is chosen by
    # following its title from a fact-check (``?article=<id>``, a hidden field that the
    # page names, with a link to drop it).
    source = django_filters.CharFilter(
        label=_("Article or publisher"),
        method="filter_source",
        max_length=200,
        help_text=_("Words of the article's title or of its publisher's name."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    article = BoundedModelChoiceFilter(
        label=_("Article"),
        queryset=selectors.public_article_choices(),
        widget=forms.HiddenInput,
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
        fields = ["q", "rating", "source", "article", "published_after", "published_before"]

    def filter_source(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(article__title__icontains=word) | Q(article__publisher__icontains=word)
            )
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Searched once, whichever querysets the filters are applied to.
        if getattr(self, "_found", (None,))[0] != value:
            self._found = (value, selectors.public_claims_found(value))
        found = self._found[1]
        if not found:
            return queryset.none()
        rank = Case(
            *[When(pk=pk, then=Value(number)) for number, pk in enumerate(found)],
            output_field=IntegerField(),
        )
        return queryset.filter(pk__in=found).order_by(rank, "-id")

    def queryset_without(self, queryset, *names: str):
        """``queryset`` with every valid filter but ``names`` applied (a rating's count
        is read with the other filters: the counts per rating stay the same whichever
        rating is chosen). Call after ``qs``: the search is not run again."""
        if not self.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


def language_name(code: str) -> str:
    """A language's name in the interface's language ("fr" -> "French"), else its code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class MyClaimFilter(django_filters.FilterSet):
    """Filters of "My claims": states (any of them), one article, one language.

    The choices are the user's own: ``states`` counts their claims in each state (shown
    next to it), ``articles`` lists (id, title, language) of the articles they have
    claims on; neither is read here, so that the page pins its queries."""

    state = django_filters.MultipleChoiceFilter(
        label=_("State"),
        field_name="status",
        choices=ClaimStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    article = django_filters.ChoiceFilter(
        label=_("Article"), field_name="article_id", empty_label=_("All articles")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), field_name="article__language", empty_label=_("All languages")
    )

    class Meta:
        model = Claim
        fields = ["state", "article", "language"]

    def __init__(self, data=None, *args, states=None, articles=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        states = states or {}
        self.filters["state"].extra["choices"] = [
            (value, f"{label} ({states.get(value, 0)})") for value, label in ClaimStatus.choices
        ]
        self.filters["article"].extra["choices"] = [
            (str(pk), title) for pk, title, _language in articles
        ]
        languages = sorted({language for _pk, _title, language in articles})
        self.filters["language"].extra["choices"] = [
            (code, language_name(code)) for code in languages
        ]
