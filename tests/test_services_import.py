import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from annotations import importing, services
from annotations.models import Article, Sentence, Tag
from bench import shapes
from tests.conftest import SAMPLE_ARTICLE

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MB = 1024 * 1024

# The sample article, cut exactly: the headline, then every sentence of the body.
# The four glued sentences (évolutions.Les, question.Dans, territoriale.Le,
# aérienne.Les) are split; the byline, the `Source` line and `#Politique` are not sentences.
SAMPLE_SENTENCES = [
    "Déploiement international des troupes : ce que l’on sait du soutien à l’Ukraine depuis l’étranger",
    "Ces derniers jours, la scène politique mondiale connaît une montée des tensions concernant l’avenir de l’Ukraine et le niveau de soutien militaire que plusieurs pays sont prêts à apporter.",
    "On apprend que plus de dix nations ont déjà exprimé leur volonté d’envoyer des soldats pour défendre le territoire ukrainien ou participer à des missions de maintien de la paix.",
    "L’un des points d’intérêt majeurs concerne la possibilité de constituer un paquet de garanties de sécurité, qui pourrait être signé dès cette semaine.",
    "Les dirigeants de l’Union européenne et des États-Unis travaillent activement à renforcer les engagements alliés et à préparer le terrain pour diverses évolutions.",
    "Les discussions portent notamment sur l’éventualité d’envoyer des forces britanniques et françaises dans la zone de conflit, comme moyen de règlement pacifique.",
    "Plusieurs pays ont déjà préparé des contingents et leurs représentants discutent activement du nombre et du placement des troupes.",
    "Cependant, le soutien des États-Unis reste encore flou.",
    "Selon Donald Trump, les États-Unis sont prêts à fournir une assistance technique, incluant la livraison d’équipements aéronautiques, ainsi que des conseils en matière de coordination.",
    "Les responsables de la Maison-Blanche insistent sur le fait que Trump comprend l’importance de garantir la stabilité régionale et a donné des instructions à ses équipes pour travailler sur cette question.",
    "Dans les jours à venir, des rencontres entre représentants alliés sont prévues pour préciser les modalités des garanties et leur mise en œuvre.",
    "Les commandants en chef et responsables militaires des pays membres de l’OTAN participeront à ces négociations.",
    "Par ailleurs, la Russie a réaffirmé son opposition ferme à toute présence de troupes de l’OTAN sur le sol ukrainien, soulignant ses préoccupations en matière de sécurité et d’intégrité territoriale.",
    "Le paquet de soutien envisage des mesures concrètes : renforcement des forces armées ukrainiennes, formation des militaires, fourniture d’armes, surveillance des frontières.",
    "La France et le Royaume-Uni sont disposés à envoyer plusieurs centaines de soldats pour soutenir la défense ukrainienne en cas d’escalade.",
    "L’un des éléments clés serait la création d’un « arrière-plan américain » incluant la transmission de renseignements, le contrôle des frontières et la livraison d’armements, notamment de systèmes de défense aérienne.",
    "Les négociations entre Européens et Américains devraient s’intensifier lors des prochains jours afin de finaliser les détails du soutien et des garanties.",
    "Parmi les propositions figurent la création d’un mécanisme de garanties pour l’Ukraine, semblable à celui de l’OTAN mais sans adhésion officielle.",
    "Il s’agirait d’engagements fermes que les alliés fourniraient pour soutenir militairement et techniquement l’Ukraine en cas de conflit, constituant une stratégie dissuasive contre l’agression russe.",
]


def import_sample(**kwargs):
    parsed = importing.parse_upload(
        SAMPLE_ARTICLE.read_bytes(),
        filename=SAMPLE_ARTICLE.name,
        default_timezone=PARIS,
        max_bytes=5 * 1024 * 1024,
    )
    return services.article_import(parsed=parsed, import_format="text", **kwargs)


def sentence_texts(article):
    return [article.body[s.start : s.end] for s in article.sentences.order_by("position")]


def test_sample_article_is_cut_exactly_into_its_sentences():
    article = import_sample().article
    assert sentence_texts(article) == SAMPLE_SENTENCES


def test_sample_article_metadata_comes_from_the_byline_and_trailing_lines():
    article = import_sample().article
    assert article.title == SAMPLE_SENTENCES[0]
    assert article.publisher == "Chas Pravdy"
    assert article.published_at == datetime(2025, 8, 20, 1, 35, tzinfo=PARIS)
    assert [t.name for t in article.tags.all()] == ["Politique"]
    assert article.language == "fr"
    assert article.import_format == Article.ImportFormat.TEXT
    for metadata in ("Chas Pravdy - 20", "Source", "#Politique"):
        assert metadata not in article.body


def test_headline_is_its_own_sentence_in_paragraph_zero():
    article = import_sample().article
    headline = article.sentences.get(is_headline=True)
    assert headline.position == 0
    assert headline.paragraph == 0
    assert article.sentences.filter(paragraph=0).count() == 1
    paragraphs = sorted(set(article.sentences.values_list("paragraph", flat=True)))
    assert paragraphs == list(range(15))


def test_every_sentence_slices_the_body_to_stripped_text_in_order():
    article = import_sample().article
    previous_end = 0
    for sentence in article.sentences.order_by("position"):
        text = article.body[sentence.start : sentence.end]
        assert text == text.strip() and text
        assert sentence.start >= previous_end
        previous_end = sentence.end


def test_importing_the_same_article_again_is_a_no_op_that_says_so(reviewer):
    first = import_sample(imported_by=reviewer)
    counts = (Article.objects.count(), Sentence.objects.count(), Tag.objects.count())
    second = import_sample()
    assert first.created and not second.created
    assert second.article.pk == first.article.pk
    assert second.article.imported_by == reviewer
    assert (Article.objects.count(), Sentence.objects.count(), Tag.objects.count()) == counts


def test_the_same_text_with_windows_line_endings_is_the_same_article():
    import_sample()
    crlf = SAMPLE_ARTICLE.read_bytes().replace(b"\n", b"\r\n")
    parsed = importing.parse_upload(
        crlf, filename="copy.txt", default_timezone=PARIS, max_bytes=5 * 1024 * 1024
    )
    result = services.article_import(parsed=parsed, import_format="text")
    assert not result.created
    assert Article.objects.count() == 1


def test_a_failure_while_storing_sentences_leaves_nothing_behind(monkeypatch):
    # A segmenter bug yielding an empty sentence trips the database's offsets constraint.
    monkeypatch.setattr(services.articles, "split_sentences", lambda text, language: [(3, 3)])
    with pytest.raises(IntegrityError):
        import_sample()
    assert Article.objects.count() == 0
    assert Sentence.objects.count() == 0
    assert Tag.objects.count() == 0


def test_tags_are_shared_whatever_their_case():
    for title, tag in (("Premier article", "politique"), ("Second article", "Politique")):
        parsed = importing.parse_pasted(title=title, text="Une phrase.", tags=[tag])
        services.article_import(parsed=parsed, import_format="pasted")
    assert Tag.objects.count() == 1
    assert Tag.objects.get().articles.count() == 2


# --- Tags in bulk, sentences in one statement, awkward shapes ----------------------------


def pasted(title, tags=()):
    return importing.parse_pasted(title=title, text="Une phrase. Une autre phrase.", tags=tags)


def test_importing_one_tag_or_the_maximum_costs_the_same_queries(django_assert_num_queries):
    one = pasted("Un seul mot-clé", ["Politique"])
    most = pasted("Tous les mots-clés", [f"Mot {n}" for n in range(importing.MAX_TAGS)])

    # Hash lookups (the articles', then their earlier versions'), savepoint, article,
    # sentences, its first version, tags inserted, tags read back, links, release: the
    # same whatever the number of tags.
    with django_assert_num_queries(10):
        services.article_import(parsed=one, import_format="pasted")
    with django_assert_num_queries(10):
        result = services.article_import(parsed=most, import_format="pasted")

    assert result.article.tags.count() == importing.MAX_TAGS
    assert Tag.objects.count() == importing.MAX_TAGS + 1


def test_existing_tags_are_reused_whatever_their_case_and_new_ones_created():
    services.article_import(
        parsed=pasted("Premier", ["Politique", "Europe"]), import_format="pasted"
    )

    result = services.article_import(
        parsed=pasted("Second", ["POLITIQUE", "Climat", "europe"]), import_format="pasted"
    )

    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Climat", "Europe", "Politique"]
    assert sorted(t.name for t in result.article.tags.all()) == ["Climat", "Europe", "Politique"]


def test_a_tag_another_import_created_meanwhile_is_linked_not_a_conflict(monkeypatch):
    original = Tag.objects.bulk_create

    def racing_bulk_create(tags, **kwargs):
        Tag.objects.create(name="politique")  # another import, a moment earlier
        return original(tags, **kwargs)

    monkeypatch.setattr(Tag.objects, "bulk_create", racing_bulk_create)
    result = services.article_import(parsed=pasted("Titre", ["Politique"]), import_format="pasted")

    assert [t.name for t in result.article.tags.all()] == ["politique"]
    assert Tag.objects.count() == 1


def test_the_sentence_insert_names_every_column_of_a_sentence():
    columns = {field.name for field in Sentence._meta.concrete_fields} - {"id"}

    assert set(services.articles.SENTENCE_FIELDS) == columns, (
        "A field was added to Sentence: give its value in insert_sentences too."
    )


def test_the_longest_tag_fits_the_tag_column():
    assert Tag._meta.get_field("name").max_length == importing.MAX_TAG_LENGTH


@pytest.mark.parametrize("name", list(shapes.SHAPES))
def test_each_awkward_shape_is_imported_or_refused_as_expected(name):
    shape = shapes.SHAPES[name](random.Random(7), 20_000)

    try:
        import_format, parsed = importing.read_upload(
            shape.data, filename=shape.filename, default_timezone=PARIS, max_bytes=MB
        )
        result = services.article_import(parsed=parsed, import_format=import_format)
    except importing.ArticleParseError as exc:
        assert exc.code == shape.refused_with
        assert Article.objects.count() == 0
        return
    assert shape.refused_with is None
    assert result.created
    assert result.article.sentences.count() == result.sentence_count > 1
