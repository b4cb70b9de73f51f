"""``manage.py create_demo_accounts``: a reviewer and two moderators to try the app with."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.permissions import MODERATORS, REVIEWERS

# username, role group (None: superuser), description
DEMO_ACCOUNTS = (
    ("reviewer", REVIEWERS, "reviewer"),
    ("reviewer2", REVIEWERS, "second reviewer"),
    ("moderator", MODERATORS, "moderator"),
    ("admin", None, "administrator"),
)


class Command(BaseCommand):
    help = (
        "Create or reset the demo accounts (two reviewers, a moderator, an admin) with fresh "
        "random passwords, and print them. Development only: refused when DEBUG is off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for development only: this command is refused when DEBUG is "
                "off. Create real accounts with `manage.py createsuperuser` and the admin."
            )
        User = get_user_model()
        rows = []
        with transaction.atomic():
            for username, group_name, description in DEMO_ACCOUNTS:
                password = secrets.token_urlsafe(9)
                user, _created = User.objects.get_or_create(username=username)
                user.set_password(password)
                user.is_active = True
                user.is_staff = user.is_superuser = group_name is None
                user.save()
                if group_name is not None:
                    user.groups.add(Group.objects.get(name=group_name))
                rows.append((username, password, description))
        width = max(len(username) for username, _p, _d in rows)
        self.stdout.write("Demo accounts (passwords are new every time this runs):")
        for username, password, description in rows:
            self.stdout.write(f"  {username:<{width}}  {password}  ({description})")
