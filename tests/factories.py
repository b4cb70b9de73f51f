"""factory_boy factories. Articles are made through the import service, as users make them."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from annotations import importing, services
from annotations.models import Article
from annotations.permissions import MODERATORS, REVIEWERS

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=[REVIEWERS])``; subclasses name their default roles."""
        names = extracted if extracted is not None else kwargs.get("default", ())
        for name in names:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class ReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")
    roles__default = (REVIEWERS,)


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")
    roles__default = (MODERATORS,)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


FRENCH_PARAGRAPHS = (
    "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense. "
    "Selon le ministre, « cet effort est indispensable ».",
    "L’opposition dénonce un texte « insincère ». Elle réclame une commission d’enquête.",
)


class ArticleFactory(factory.Factory):
    """Builds an Article through ``services.article_import`` (sentences included)."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Budget de la défense : ce que prévoit le texte n°{n}")
    paragraphs = FRENCH_PARAGRAPHS
    language = "fr"
    publisher = "Le Quotidien"
    author = ""
    source_url = ""
    published_at = None
    tags = ()
    imported_by = None

    @classmethod
    def _create(cls, model_class, *, paragraphs, imported_by, **fields):
        parsed = importing.parse_pasted(text="\n\n".join(paragraphs), **fields)
        result = services.article_import(
            parsed=parsed, import_format=Article.ImportFormat.PASTED, imported_by=imported_by
        )
        return result.article
