import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from annotations.models import Article, Sentence, Tag
from annotations.permissions import MODERATORS, REVIEWERS, user_roles
from tests.conftest import ROOT, SAMPLE_ARTICLE

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_article_imports_the_sample_then_finds_it_present():
    out, _ = run("import_article", str(SAMPLE_ARTICLE))
    assert "1 imported, 0 already present, 0 failed." in out
    article = Article.objects.get()
    assert article.publisher == "Chas Pravdy"
    out, _ = run("import_article", str(SAMPLE_ARTICLE))
    assert "0 imported, 1 already present, 0 failed." in out
    assert Article.objects.count() == 1


def test_import_article_refuses_a_file_of_twenty_thousand_tags_and_stores_nothing(tmp_path):
    tags = "\n".join(f"#Etiquette{number}" for number in range(20_000))
    path = tmp_path / "tags.txt"
    path.write_text(f"Titre\n\nUne phrase de texte.\n\n{tags}\n", encoding="utf-8")

    with pytest.raises(CommandError):
        run("import_article", str(path))

    assert Tag.objects.count() == 0
    assert Article.objects.count() == 0


def test_import_article_reads_the_txt_and_html_files_of_a_directory():
    out, _ = run("import_article", str(ROOT / "samples"))
    assert "1 imported" in out
    assert Article.objects.count() == 1


def test_import_article_reports_each_failure_and_exits_non_zero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00" * 10)
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError) as excinfo:
        run("import_article", str(SAMPLE_ARTICLE), str(empty), str(binary), str(missing))
    assert excinfo.value.returncode == 1
    assert "1 imported, 0 already present, 3 failed." in str(excinfo.value)
    # The good file went in; the bad ones left nothing behind.
    assert Article.objects.count() == 1
    assert (
        Sentence.objects.filter(article__publisher="Chas Pravdy").count()
        == Sentence.objects.count()
    )


def test_import_article_failure_messages_name_the_file_and_the_reason(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(empty), stdout=io.StringIO(), stderr=err)
    assert f"failed: {empty}:" in err.getvalue()
    assert "empty" in err.getvalue().lower()


def test_import_article_refuses_an_unknown_time_zone():
    with pytest.raises(CommandError, match="Unknown time zone"):
        run("import_article", str(SAMPLE_ARTICLE), "--time-zone", "Mars/Olympus")


def test_import_article_records_the_importing_user(reviewer):
    run("import_article", str(SAMPLE_ARTICLE), "--user", reviewer.username)
    assert Article.objects.get().imported_by == reviewer


def test_create_demo_accounts_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        run("create_demo_accounts")
    assert not get_user_model().objects.exists()


def test_create_demo_accounts_prints_working_passwords_for_each_role(settings):
    settings.DEBUG = True
    out, _ = run("create_demo_accounts")
    credentials = {}
    for line in out.splitlines()[1:]:
        username, password, *_ = line.split()
        credentials[username] = password
    assert set(credentials) == {"reviewer", "reviewer2", "moderator", "admin"}
    # As the login page does: with the request (the login lockout needs its address).
    login = RequestFactory().post("/accounts/login/")
    users = {u: authenticate(login, username=u, password=p) for u, p in credentials.items()}
    assert all(users.values())
    assert user_roles(users["reviewer"]) == {REVIEWERS}
    assert user_roles(users["reviewer2"]) == {REVIEWERS}
    assert user_roles(users["moderator"]) == {MODERATORS}
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["moderator"].is_staff


def test_create_demo_accounts_twice_resets_the_passwords(settings):
    settings.DEBUG = True
    first, _ = run("create_demo_accounts")
    second, _ = run("create_demo_accounts")
    assert first != second
    assert get_user_model().objects.count() == 4


# --- New versions from the command line ------------------------------------------------

SAMPLE_FIGURE = "plus de dix nations"
SAMPLE_CORRECTED = "plus de douze nations"


def _sample_version(tmp_path, old=SAMPLE_FIGURE, new=SAMPLE_CORRECTED):
    path = tmp_path / "sample-v2.txt"
    path.write_text(SAMPLE_ARTICLE.read_text(encoding="utf-8").replace(old, new), "utf-8")
    return path


def _sample_with_a_claim(reviewer):
    from tests.factories import ClaimFactory

    run("import_article", str(SAMPLE_ARTICLE))
    article = Article.objects.get()
    start = article.body.index("On apprend que")
    end = article.body.index(".", start) + 1
    return article, ClaimFactory(article=article, author=reviewer, start=start, end=end)


def test_revision_of_imports_a_file_as_a_new_version_and_reanchors_its_claims(tmp_path, reviewer):
    from annotations.models import Claim

    article, claim = _sample_with_a_claim(reviewer)
    out, _ = run(
        "import_article",
        str(_sample_version(tmp_path)),
        "--revision-of",
        str(article.pk),
        "--user",
        reviewer.username,
    )
    assert f"-> article {article.pk} version 2" in out
    assert "claims: 0 unchanged, 1 changed, 0 removed" in out
    assert "1 new version(s), 0 imported" in out
    article.refresh_from_db()
    assert article.current_version == 2 and SAMPLE_CORRECTED in article.body
    assert Claim.objects.get(pk=claim.pk).anchor_state == "changed"
    assert Article.objects.count() == 1


def test_revision_of_needs_a_user_an_existing_article_and_one_file(tmp_path, reviewer):
    run("import_article", str(SAMPLE_ARTICLE))
    article = Article.objects.get()
    version = str(_sample_version(tmp_path))
    with pytest.raises(CommandError, match="--user"):
        run("import_article", version, "--revision-of", str(article.pk))
    with pytest.raises(CommandError, match="No article 999"):
        run("import_article", version, "--revision-of", "999", "--user", reviewer.username)
    with pytest.raises(CommandError, match="one file"):
        run(
            "import_article",
            version,
            version,
            "--revision-of",
            str(article.pk),
            "--user",
            reviewer.username,
        )
    article.refresh_from_db()
    assert article.current_version == 1


def test_another_article_as_a_new_version_is_refused_without_force(tmp_path, reviewer):
    run("import_article", str(SAMPLE_ARTICLE))
    article = Article.objects.get()
    other = tmp_path / "other.txt"
    other.write_text(
        "Météo : un été pluvieux\n\nOuest Matin - 3 juillet 2025 08:00\n\n"
        "Les orages ont touché la Bretagne jeudi soir. Des arbres sont tombés.\n",
        "utf-8",
    )
    arguments = ("import_article", str(other), "--revision-of", str(article.pk))
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(*arguments, "--user", reviewer.username, stdout=io.StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    assert "looks like another article" in err.getvalue()
    assert "--force" in err.getvalue()
    article.refresh_from_db()
    assert article.current_version == 1
    out, _ = run(*arguments, "--user", reviewer.username, "--force")
    assert "version 2" in out


def test_an_empty_or_binary_new_version_is_refused_and_changes_nothing(tmp_path, reviewer):
    run("import_article", str(SAMPLE_ARTICLE))
    article = Article.objects.get()
    for name, content in (("empty.txt", b"  \n"), ("image.txt", b"\x89PNG\r\n\x1a\n\x00" * 20)):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CommandError):
            run(
                "import_article",
                str(path),
                "--revision-of",
                str(article.pk),
                "--user",
                reviewer.username,
            )
    article.refresh_from_db()
    assert article.current_version == 1
    assert article.versions.count() == 1


def test_update_matches_by_source_url_else_publisher_and_title(tmp_path, reviewer):
    run("import_article", str(SAMPLE_ARTICLE))
    article = Article.objects.get()
    new = tmp_path / "new-article.txt"
    new.write_text(
        "Retraites : le Sénat adopte la réforme\n\nOuest Matin - 3 juillet 2025 08:00\n\n"
        "Le Sénat a adopté la réforme mardi soir.\n",
        "utf-8",
    )
    out, _ = run(
        "import_article",
        str(_sample_version(tmp_path)),
        str(new),
        "--update",
        "--user",
        reviewer.username,
    )
    assert f"-> article {article.pk} version 2" in out
    assert "1 new version(s), 1 imported, 0 already present, 0 failed." in out
    assert Article.objects.count() == 2
    # The same file again, and the first version again: nothing new.
    out, _ = run(
        "import_article",
        str(_sample_version(tmp_path)),
        str(SAMPLE_ARTICLE),
        "--update",
        "--user",
        reviewer.username,
    )
    assert "0 new version(s), 0 imported, 2 already present, 0 failed." in out
    article.refresh_from_db()
    assert article.current_version == 2
