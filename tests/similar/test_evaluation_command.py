"""``manage.py evaluate_matching``: the evaluation set through the database, undone after."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from annotations.models import Claim, ExternalFactCheck

pytestmark = pytest.mark.django_db


def test_the_evaluation_command_reports_and_leaves_nothing_behind():
    out = StringIO()
    call_command("evaluate_matching", "--words-only", stdout=out)
    printed = out.getvalue()
    assert f"database {connection.vendor}, model none" in printed
    assert "\nwords + checks     both     all              320" in printed
    assert not ExternalFactCheck.objects.exists()
    assert not Claim.objects.exists()
