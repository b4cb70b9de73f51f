"""Tests for ``annotations.segmentation.split_sentences``.

Plain pytest functions: no Django, no database (``pytest tests/test_segmentation.py -s`` prints
the scores on the gold sets). No timing here: the benchmark measures the segmenter's speed
(``bench/segmentation.py``: 1 MB of news, and linear time on awkward input).

Gold sets: ``tests/data/segmentation_fr.txt`` and ``tests/data/segmentation_en.txt``, UTF-8,
one gold sentence per line. The test rebuilds each document's text from its sentences and
records the exact ``(start, end)`` of every sentence, then compares them with the segmenter's
spans (precision, recall and F1 over exact spans).

* ``%%% name`` starts a new document; ``%%% name | crlf`` rebuilds it with ``\\r\\n`` line
  breaks instead of ``\\n``. Any other line starting with ``%`` is a comment.
* A blank line is a paragraph break: the next sentence follows ``"\\n\\n"``.
* Inside a paragraph, a sentence follows the previous one after a single space, unless its
  line starts with a separator in braces, which replaces the default one: ``{}`` means the
  sentence is glued to the previous one with NO space (``question.Dans``), ``{\\n}`` a single
  line break (headline, list item), and ``{\\t}``, ``{\\u00a0}``, ``{  }`` that exact
  separator. Escapes inside the braces: ``\\n``, ``\\r``, ``\\t``, ``\\\\``, ``\\uXXXX``.
* The sentence itself is literal text (no escapes). French copy keeps its no-break spaces
  (U+00A0) and narrow no-break spaces (U+202F) as such. A sentence line must not start or end
  with whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.segmentation import split_sentences
from bench.segmentation import UNITS, awkward_text

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("fr", "en")
MINIMUM_GOLD_SENTENCES = {"fr": 300, "en": 100}
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() breaks on
NBSP = "\u00a0"
NNBSP = "\u202f"


def sentences(text: str, language: str = "fr") -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


# --------------------------------------------------------------------------------------------
# Gold sets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    spans: tuple[tuple[int, int], ...]


_SEPARATOR = re.compile(r"\{([^{}]*)\}")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


def _unescape(separator: str) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return _ESCAPES[m.group(2)]

    return _ESCAPE.sub(replace, separator)


def load_gold(path: Path) -> list[GoldDocument]:
    documents: list[GoldDocument] = []
    name: str | None = None
    crlf = False
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    paragraph_break = False

    def finish() -> None:
        if name is not None and spans:
            documents.append(GoldDocument(name, "".join(pieces), tuple(spans)))

    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        where = f"{path.name}:{number}"
        if line.startswith("%%%"):
            finish()
            header = [part.strip() for part in line[3:].split("|")]
            name, flags = header[0], set(header[1:])
            assert name, f"{where}: a document needs a name"
            assert flags <= {"crlf"}, f"{where}: unknown flags {flags}"
            crlf = "crlf" in flags
            pieces, spans, length, paragraph_break = [], [], 0, False
            continue
        if line.startswith("%"):
            continue
        if not line.strip():
            paragraph_break = bool(spans)
            continue
        assert name is not None, f"{where}: sentence before the first %%% line"
        m = _SEPARATOR.match(line)
        if m:
            separator, sentence = _unescape(m.group(1)), line[m.end() :]
        else:
            separator = ("\n\n" if paragraph_break else " ") if spans else ""
            sentence = line
        assert sentence, f"{where}: empty sentence"
        assert sentence == sentence.strip(), f"{where}: sentence with surrounding whitespace"
        assert len(sentence.splitlines()) == 1, f"{where}: sentence with a line break"
        if crlf:
            separator = separator.replace("\n", "\r\n")
        pieces.extend((separator, sentence))
        length += len(separator)
        spans.append((length, length + len(sentence)))
        length += len(sentence)
        paragraph_break = False
    finish()
    return documents


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(documents: list[GoldDocument], language: str) -> Score:
    result = Score()
    for doc in documents:
        gold = set(doc.spans)
        predicted = split_sentences(doc.text, language)
        result.gold += len(gold)
        result.predicted += len(predicted)
        result.correct += len(gold.intersection(predicted))
        for start, end in sorted(gold.difference(predicted)):
            result.errors.append(f"{doc.name}: missed   {doc.text[start:end]!r}")
        for start, end in sorted(set(predicted).difference(gold)):
            result.errors.append(f"{doc.name}: spurious {doc.text[start:end]!r}")
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_gold_set_is_segmented_with_an_f1_of_at_least_0_99(language, record_property):
    documents = load_gold(DATA / f"segmentation_{language}.txt")
    result = score(documents, language)
    summary = (
        f"segmentation {language}: {result.gold} sentences, "
        f"P={result.precision:.3f} R={result.recall:.3f} F1={result.f1:.3f}"
    )
    print(f"\n{summary}")
    for error in result.errors:
        print(f"  {error}")
    record_property(f"segmentation_{language}", summary)
    assert result.gold >= MINIMUM_GOLD_SENTENCES[language]
    assert result.f1 >= 0.99, "\n".join([summary, *result.errors])


def test_gold_set_format_expresses_glued_sentences_and_crlf_documents():
    documents = {doc.name: doc for doc in load_gold(DATA / "segmentation_fr.txt")}
    sample = documents["chas-pravdy-2025-08-20-troupes-ukraine"]
    assert "diverses évolutions.Les discussions" in sample.text
    assert len(sample.spans) == 18
    crlf = documents["fr-liste-mesures"]
    assert "\r\n" in crlf.text
    assert "\n" not in crlf.text.replace("\r\n", "")


# --------------------------------------------------------------------------------------------
# One family of cases per test, in French and in English
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "pour travailler sur cette question.Dans les jours à venir, des rencontres sont"
            " prévues.",
            [
                "pour travailler sur cette question.",
                "Dans les jours à venir, des rencontres sont prévues.",
            ],
        ),
        (
            "fr",
            "préparer le terrain pour diverses évolutions.Les discussions portent sur l’envoi.",
            [
                "préparer le terrain pour diverses évolutions.",
                "Les discussions portent sur l’envoi.",
            ],
        ),
        (
            "fr",
            "d’intégrité territoriale.Le paquet de soutien envisage des mesures.",
            ["d’intégrité territoriale.", "Le paquet de soutien envisage des mesures."],
        ),
        (
            "fr",
            "de systèmes de défense aérienne.Les négociations devraient s’intensifier.",
            ["de systèmes de défense aérienne.", "Les négociations devraient s’intensifier."],
        ),
        (
            "fr",
            "Il est parti.À midi, tout était fini.",
            ["Il est parti.", "À midi, tout était fini."],
        ),
        (
            "fr",
            "Elle a signé.L’OTAN a salué l’accord.",
            ["Elle a signé.", "L’OTAN a salué l’accord."],
        ),
        (
            "fr",
            "La situation reste grave.« Nous agirons », dit-il.",
            ["La situation reste grave.", "« Nous agirons », dit-il."],
        ),
        (
            "fr",
            "Un « arrière-plan américain ».Les négociations reprennent.",
            ["Un « arrière-plan américain ».", "Les négociations reprennent."],
        ),
        (
            "fr",
            "Qui paiera ?La question reste ouverte.",
            ["Qui paiera ?", "La question reste ouverte."],
        ),
        (
            "en",
            "Officials said the decision was final.The mayor disagreed.",
            ["Officials said the decision was final.", "The mayor disagreed."],
        ),
        ("en", "Prices rose 5%.Wages did not.", ["Prices rose 5%.", "Wages did not."]),
    ],
)
def test_glued_sentences_split_at_the_missing_space(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The U.S.Senate vote was close."),
        ("en", "Washington and the U.S.-China talks resumed."),
        ("fr", "Des fruits, p.ex. des pommes, sont concernés."),
        ("fr", "Voir www.lemonde.fr et www.LeMonde.fr/Politique/Article.Html pour le détail."),
        ("fr", "Le fichier example.com/a.b a été supprimé."),
        ("fr", "Écrivez à jean.dupont@afp.fr ou à Jean.Dupont@AFP.fr pour réagir."),
        ("fr", "Le taux passe de 3.5 à 1.000.000 de fois le 20.08.2025 à 9.30 précises."),
        ("en", "Download it from https://example.org/Reports/Annual.Report.PDF today."),
        ("en", "He works for ASP.NET and Node.js projects."),
    ],
)
def test_glued_stops_inside_abbreviations_numbers_and_addresses_do_not_split(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Il a déclaré : « Nous partirons. Rien ne nous arrêtera. »",
            ["Il a déclaré : « Nous partirons.", "Rien ne nous arrêtera. »"],
        ),
        (
            "fr",
            f"Il a déclaré{NBSP}:{NBSP}«{NNBSP}Nous partirons. Rien ne nous arrêtera.{NNBSP}»",
            [
                f"Il a déclaré{NBSP}:{NBSP}«{NNBSP}Nous partirons.",
                f"Rien ne nous arrêtera.{NNBSP}»",
            ],
        ),
        (
            "fr",
            "Elle a tranché : « C’est non. Ce n’est pas négociable. Passons à la suite. »",
            [
                "Elle a tranché : « C’est non.",
                "Ce n’est pas négociable.",
                "Passons à la suite. »",
            ],
        ),
        (
            "en",
            'He said: "We will leave. Nothing will stop us."',
            ['He said: "We will leave.', 'Nothing will stop us."'],
        ),
        (
            "en",
            "She added, “The data are clear. We must act.” Then she left.",
            ["She added, “The data are clear.", "We must act.”", "Then she left."],
        ),
    ],
)
def test_each_sentence_of_a_quotation_introduced_by_a_colon_is_a_sentence(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "« Nous partirons. Rien ne nous arrêtera », a-t-il assuré.",
            ["« Nous partirons.", "Rien ne nous arrêtera », a-t-il assuré."],
        ),
        (
            "fr",
            "« Avez-vous vu Pilote ? Il s’est échappé », écrit la mairie.",
            ["« Avez-vous vu Pilote ?", "Il s’est échappé », écrit la mairie."],
        ),
        (
            "fr",
            "« On attend depuis quatre ans. Quatre ans ! » souffle le frère d’une victime.",
            ["« On attend depuis quatre ans.", "Quatre ans ! » souffle le frère d’une victime."],
        ),
        (
            "en",
            '"We will not back down. This is about families," Gov. Alvarez told reporters.',
            ['"We will not back down.', 'This is about families," Gov. Alvarez told reporters.'],
        ),
        (
            "en",
            "“It’s too early to talk about life. The chemistry is interesting,” she said.",
            ["“It’s too early to talk about life.", "The chemistry is interesting,” she said."],
        ),
        (
            "en",
            '"It is over. Why wait?" Smith asked.',
            ['"It is over.', 'Why wait?" Smith asked.'],
        ),
    ],
)
def test_the_attribution_after_a_quotation_stays_with_its_last_sentence(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # Woven into the sentence (after "que", after a comma): still cut at its stops.
        (
            "fr",
            "Il estime que « la situation est grave. Nous devons agir » sans attendre.",
            ["Il estime que « la situation est grave.", "Nous devons agir » sans attendre."],
        ),
        (
            "fr",
            "Pour lui, « le pays est prêt. Il faut agir » sans attendre.",
            ["Pour lui, « le pays est prêt.", "Il faut agir » sans attendre."],
        ),
        # Nested quotations: the inner one is cut too, its closing mark goes with its sentence.
        (
            "fr",
            "Il raconte : « Mon père m’a dit : “Pars. Ne reviens pas.” Je suis parti. »",
            [
                "Il raconte : « Mon père m’a dit : “Pars.",
                "Ne reviens pas.”",
                "Je suis parti. »",
            ],
        ),
        (
            "en",
            "“He told me, ‘Go home. Stay safe.’ So I did,” she said.",
            ["“He told me, ‘Go home.", "Stay safe.’", "So I did,” she said."],
        ),
    ],
)
def test_quotations_woven_into_a_sentence_or_nested_are_cut_at_their_stops(
    language, text, expected
):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "« Pourquoi partir ? » a demandé un député."),
        ("fr", "« Au secours ! » a crié la passante avant de s’effondrer."),
        ("fr", "« Êtes-vous sérieux ?! » s’est emporté le président de séance."),
        ("en", '"Why should we vote for this?" Rep. Dana Brooks asked.'),
        ("en", '"Are you kidding me?!" shouted one fan.'),
        ("en", "“Where is the money?” asked the auditor."),
        # A title: opened right after a word, starting with a capital, not closed by a stop.
        (
            "fr",
            "Elle a publié « Le Tri invisible. Enquête sur les algorithmes » chez Payot en 2024.",
        ),
        ("en", 'He reviewed "Fire. Blood" for the paper last year.'),
        # Abbreviations, numbers and cuts inside a quotation are read as anywhere else.
        ("fr", "Il a déclaré : « M. Dupont a lu l’art. 49.3 […] Rien de plus. »"),
        ("en", '"Mr. Smith met Gen. Lee at 9 a.m. on Monday," the aide said.'),
    ],
)
def test_quoted_questions_before_lowercase_titles_and_abbreviations_do_not_cut(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            'Il a dit : " Nous partirons. Rien ne nous arrêtera. " Puis il est parti.',
            ['Il a dit : " Nous partirons.', 'Rien ne nous arrêtera. "', "Puis il est parti."],
        ),
        (
            "fr",
            'Il a dit : " Nous partirons. Rien ne nous arrêtera. ", a-t-il assuré.',
            ['Il a dit : " Nous partirons.', 'Rien ne nous arrêtera. ", a-t-il assuré.'],
        ),
        (
            "en",
            'She said "We won. It was hard. " The crowd cheered.',
            ['She said "We won.', 'It was hard. "', "The crowd cheered."],
        ),
    ],
)
def test_a_closing_straight_quote_after_a_space_goes_with_the_last_quoted_sentence(
    language, text, expected
):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Il a déclaré : « Nous partirons. Rien ne nous arrêtera. » Le ministre est parti.",
            [
                "Il a déclaré : « Nous partirons.",
                "Rien ne nous arrêtera. »",
                "Le ministre est parti.",
            ],
        ),
        (
            "fr",
            "Il a évoqué un « tournant ». Les discussions reprendront lundi.",
            ["Il a évoqué un « tournant ».", "Les discussions reprendront lundi."],
        ),
        (
            "fr",
            "Il a répondu : « Non ! » Puis il est sorti.",
            ["Il a répondu : « Non ! »", "Puis il est sorti."],
        ),
        (
            "en",
            'She called it "the least bad option." Rep. Mendez disagreed.',
            ['She called it "the least bad option."', "Rep. Mendez disagreed."],
        ),
    ],
)
def test_stop_before_a_closing_quotation_mark_ends_the_sentence_after_the_mark(
    language, text, expected
):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "« Nous partirons. Rien ne nous arrêtera. »",
            ["« Nous partirons.", "Rien ne nous arrêtera. »"],
        ),
        (
            "fr",
            "« Nous partirons. » Le ministre a quitté la salle.",
            ["« Nous partirons. »", "Le ministre a quitté la salle."],
        ),
        (
            "fr",
            "« Quand j’ai appris la nouvelle, je suis allée à Mende. J’ai attendu trois heures.",
            [
                "« Quand j’ai appris la nouvelle, je suis allée à Mende.",
                "J’ai attendu trois heures.",
            ],
        ),
        (
            "en",
            '"It is over. We did our job." Sen. Hardy then left.',
            ['"It is over.', 'We did our job."', "Sen. Hardy then left."],
        ),
    ],
)
def test_quotation_standing_on_its_own_is_split_into_its_sentences(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Il a dit « non. » Puis il a ri.", ["Il a dit « non. »", "Puis il a ri."]),
        (
            "fr",
            "Le texte a été adopté (par 300 voix.) Le Sénat doit suivre.",
            ["Le texte a été adopté (par 300 voix.)", "Le Sénat doit suivre."],
        ),
        ("en", 'He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("en", "She said “yes.” The room cheered.", ["She said “yes.”", "The room cheered."]),
        (
            "en",
            "He called it ‘fake news.’ The paper stood by its story.",
            ["He called it ‘fake news.’", "The paper stood by its story."],
        ),
    ],
)
def test_closing_marks_after_the_final_stop_belong_to_the_sentence(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "M. Dupont a démissionné hier."),
        ("fr", "MM. Garnier et Roussel s’exprimeront demain."),
        ("fr", "Mme Hélène Dupuis et Mmes Leroy et Petit étaient présentes."),
        ("fr", "Mlle Moreau a été réveillée par la fumée."),
        ("fr", "Le Dr Martin et le Dr. Belkacem et le Pr Mercier ont signé la tribune."),
        ("fr", "Me Karam et Me. Benhamou plaideront jeudi."),
        ("fr", "La messe a eu lieu à l’église St. Eustache et à la chapelle Ste. Anne."),
        ("en", "Mr. Jensen said he expected a majority."),
        ("en", "Mrs. Alvarez and Ms. Whitfield voted against it."),
        ("en", "Dr. Rebecca Stone and Prof. Martin Hughes disagree."),
        ("en", "The St. Louis Blues won again."),
        ("en", "Gen. Sarah Okafor met Sen. Tom Hardy and Rep. Carlos Mendez."),
        ("en", "Gov. Anne Alvarez thanked Lt. Col. Mark Devlin."),
    ],
)
def test_abbreviation_mr_and_other_titles_do_not_end_a_sentence(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Certains fruits, p. ex. les pommes, sont concernés."),
        ("fr", "Le rapport (cf. Le Monde du 3 mars) le confirme."),
        ("fr", "Une statue datée de 2 500 av. J.-C. a été retrouvée."),
        ("fr", "La pièce n° 47 et la pièce n°. 48 manquent."),
        ("fr", "Il y avait env. 300 personnes, env. Trois cents selon la police."),
        ("fr", "En vertu de l’art. 49.3 et de l’art. L. 511-19 du code, le texte passe."),
        ("fr", "Voir le vol. 3, chap. 4 et chap. IV, p. 112."),
        ("fr", "Il habite au 12, boul. Saint-Laurent, puis au 3, bd Voltaire et au bd. Haussmann."),
        ("en", "The case, Doe vs. Carter, will be argued in the spring."),
        ("en", "Several agencies, e.g. Homeland Security, and i.e. Treasury, are affected."),
        ("en", "She lives at No. 10 and ranks No. 1 in the world."),
    ],
)
def test_reference_abbreviations_do_not_end_a_sentence(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Il arrive le 12 janv. 2026 à Paris.", None),
        ("fr", "Le délai court jusqu’au 28 févr. à midi.", None),
        ("fr", "Le procès s’ouvre le 2 sept. devant le tribunal.", None),
        ("fr", "Ils étaient sept. Trois sont partis.", ["Ils étaient sept.", "Trois sont partis."]),
        (
            "fr",
            "Le vote est prévu le 18 nov. Le Sénat suivra.",
            ["Le vote est prévu le 18 nov.", "Le Sénat suivra."],
        ),
        (
            "fr",
            "Le délibéré est fixé au 15 déc. L’audience est levée.",
            ["Le délibéré est fixé au 15 déc.", "L’audience est levée."],
        ),
        ("fr", "Du 5 oct. au 30 nov., la Cinémathèque projette cent films.", None),
        ("en", "The vote is set for Jan. 6 and Feb. 3, not Aug. 5.", None),
        ("en", "Revenue rose in the three months to Sept. 30, the company said.", None),
        ("en", "It began on Oct. 7 and ended on Nov. 15 or Dec. 19.", None),
        (
            "en",
            "He is leaving at the end of Dec. The board will meet.",
            ["He is leaving at the end of Dec.", "The board will meet."],
        ),
        ("en", "Northwind Software Inc. reported record revenue.", None),
        ("en", "Harwick & Sons Ltd. and Globex Corp. and Acme Co. fell.", None),
        (
            "en",
            "The shares of Northwind Inc. rose. The company said so.",
            ["The shares of Northwind Inc. rose.", "The company said so."],
        ),
        (
            "en",
            "Shares of Globex Corp. It said it would cut jobs.",
            ["Shares of Globex Corp.", "It said it would cut jobs."],
        ),
        ("en", "Robert Hale Jr. and Robert Hale Sr. were both charged.", None),
        ("en", "The U.S. Senate and the U.K. Parliament and the U.N. Security Council met.", None),
        (
            "en",
            "Measles is rising in the U.S. The CDC is worried.",
            ["Measles is rising in the U.S.", "The CDC is worried."],
        ),
        (
            "en",
            "Demand fell in the U.K. It said it would cut jobs.",
            ["Demand fell in the U.K.", "It said it would cut jobs."],
        ),
    ],
)
def test_month_company_and_country_abbreviations_end_a_sentence_only_before_an_opener(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "L’œuvre de J. R. R. Tolkien entre dans la Pléiade.", None),
        ("fr", "Le décret, signé par E. Macron, est paru dimanche.", None),
        ("fr", "J.-Y. Le Drian et Ch. De Gaulle sont cités.", None),
        ("en", "Former President George W. Bush attended the ceremony.", None),
        ("en", "Rare manuscripts by J. R. R. Tolkien and H. G. Wells go on display.", None),
        ("en", "The next flight leaves from John F. Kennedy International Airport.", None),
        (
            "fr",
            "Il faudra un plan B. Le gouvernement y travaille.",
            ["Il faudra un plan B.", "Le gouvernement y travaille."],
        ),
        (
            "fr",
            "Il est mort en 52 av. J.-C. Les Romains ont fui.",
            ["Il est mort en 52 av. J.-C.", "Les Romains ont fui."],
        ),
    ],
)
def test_initials_do_not_end_a_sentence_unless_a_sentence_opener_follows(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Retraites, aides aux entreprises, etc. Chacun devra contribuer.",
            ["Retraites, aides aux entreprises, etc.", "Chacun devra contribuer."],
        ),
        (
            "fr",
            "Des pommes, des poires, etc. Le marché recule.",
            ["Des pommes, des poires, etc.", "Le marché recule."],
        ),
        ("fr", "Un gel du barème, une taxe sur l’avion, etc., ce qui a déplu.", None),
        ("fr", "Des pommes, des poires, etc. et des prunes sont vendues.", None),
        ("fr", "Certains produits (pommes, poires, etc.) sont plus chers.", None),
        (
            "en",
            "Apples, pears, plums, etc. Prices rose across the board.",
            ["Apples, pears, plums, etc.", "Prices rose across the board."],
        ),
        ("en", "Apples, pears, plums, etc. were all more expensive.", None),
    ],
)
def test_etc_ends_a_sentence_only_before_a_capitalised_word(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "L’indice atteint 103,7 points, soit 3.5 % de plus, et 1.000.000 d’euros."),
        ("fr", "Publié le 20 août 2025 à 01:35, mis à jour à 14h30 et à 15 h 45."),
        ("fr", "Il a été condamné le 20.08.2025, puis le 20/08/2025 en appel."),
        ("fr", "Le 1er janvier, il a fini 2e, au XXe siècle, après la 3e place de 1999."),
        ("fr", "Le prix passe de 5,4 % à 22 € puis à 3 300 milliards d’euros (+2,1 %)."),
        ("fr", "La sprinteuse a couru en 10 s 91 et le marathonien en 2:03:17."),
        ("en", "Revenue rose 18% to $42.3 billion, or $3.52 a share, at 9.30 a.m. on Monday."),
        ("en", "The Dow closed at 42,315.10 and the yield at 4.21% by 4 p.m. ET."),
    ],
)
def test_numbers_times_dates_and_ordinals_do_not_end_a_sentence(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Sentiment d’être en bonne santé… La liste est longue.",
            ["Sentiment d’être en bonne santé…", "La liste est longue."],
        ),
        ("fr", "Il hésite… puis finit par signer.", None),
        (
            "fr",
            "Les séances sont réservées au jeune public... Une initiative saluée.",
            ["Les séances sont réservées au jeune public...", "Une initiative saluée."],
        ),
        ("fr", "Déficitaires de 30 % en moyenne... sauf dans le Nord-Est.", None),
        ("fr", "« Nous avons […] pris nos responsabilités », a-t-il dit.", None),
        ("fr", "Le texte indique que les fonds (…) Ont disparu.", None),
        (
            "en",
            "Officials hoped it would fade by spring... It did not.",
            ["Officials hoped it would fade by spring...", "It did not."],
        ),
        ("en", "Then, 2:14 into overtime... silence.", None),
    ],
)
def test_ellipsis_ends_a_sentence_only_before_a_capitalised_word(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Quel match ! Menés 2-0, ils ont gagné.",
            ["Quel match !", "Menés 2-0, ils ont gagné."],
        ),
        (
            "fr",
            f"Le tournant{NBSP}? L’entrée de l’attaquant.",
            [f"Le tournant{NBSP}?", "L’entrée de l’attaquant."],
        ),
        ("fr", "Une victoire ?! Non, un exploit.", ["Une victoire ?!", "Non, un exploit."]),
        ("fr", "Incroyable !! Fière de toi.", ["Incroyable !!", "Fière de toi."]),
        ("fr", "Vous partez ? demanda-t-il.", None),
        ("en", "What a game! The Blues won.", ["What a game!", "The Blues won."]),
        ("en", "What happens next? That depends.", ["What happens next?", "That depends."]),
        ("en", "Really?! Nobody saw it coming.", ["Really?!", "Nobody saw it coming."]),
    ],
)
def test_question_and_exclamation_marks_end_a_sentence_before_a_capital(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", f"Une motion a été déposée{NBSP}; Elle sera examinée jeudi."),
        ("fr", "Le paquet prévoit des mesures concrètes : Renforcement des forces, formation."),
        ("fr", "Prenez l’irrigation : il faut dix ans ; on ne peut pas investir."),
        ("en", "The plan has two parts: First, a tax cut; Second, a spending freeze."),
    ],
)
def test_semicolons_and_colons_never_end_a_sentence(language, text):
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Les détails sont sur https://www.insee.fr/fr/statistiques. Une note suivra.",
            ["Les détails sont sur https://www.insee.fr/fr/statistiques.", "Une note suivra."],
        ),
        (
            "fr",
            "Le bulletin est sur santepubliquefrance.fr. Il est mis à jour le mercredi.",
            ["Le bulletin est sur santepubliquefrance.fr.", "Il est mis à jour le mercredi."],
        ),
        (
            "fr",
            "Écrivez à donnees.patients@exemple-hopital.fr. La Cnil a été saisie.",
            ["Écrivez à donnees.patients@exemple-hopital.fr.", "La Cnil a été saisie."],
        ),
        ("fr", "Le site (www.assemblee-nationale.fr) publie le calendrier.", None),
        ("fr", "La page https://fr.wikipedia.org/wiki/Paris_(France) est citée.", None),
        ("fr", "Le lien https://exemple.fr/recherche?Q=Un.Deux!Trois a été partagé.", None),
        (
            "en",
            "Read it at https://www.congress.gov/bill/5371. Then call your senator.",
            ["Read it at https://www.congress.gov/bill/5371.", "Then call your senator."],
        ),
        ("en", "Write to ir@northwind-example.com or visit investor.northwind-example.com.", None),
    ],
)
def test_urls_and_email_addresses_are_never_split(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Budget 2026 : le gouvernement engage sa responsabilité\n\nLe Premier ministre a"
            " parlé.",
            [
                "Budget 2026 : le gouvernement engage sa responsabilité",
                "Le Premier ministre a parlé.",
            ],
        ),
        (
            "fr",
            "En bref\nMétéo : vigilance orange\nDes orages sont attendus.",
            ["En bref", "Météo : vigilance orange", "Des orages sont attendus."],
        ),
        (
            "en",
            "Senate passes stopgap bill\nBy Staff Reporter | Updated 11:42 p.m. ET\n\nThe vote"
            " was 68-31.",
            [
                "Senate passes stopgap bill",
                "By Staff Reporter | Updated 11:42 p.m. ET",
                "The vote was 68-31.",
            ],
        ),
    ],
)
def test_headline_without_a_stop_is_a_sentence_of_its_own(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Texte final.\n\nSource\n\n#Politique", ["Texte final.", "Source", "#Politique"]),
        ("fr", "Le hashtag #RetrouvonsPilote a circulé.", None),
        ("fr", "Le message publié par @MairieSaintMalo a été partagé.", None),
        (
            "fr",
            "Le ministère a réagi. #Cybersécurité",
            ["Le ministère a réagi.", "#Cybersécurité"],
        ),
        (
            "en",
            "Tickets are available now.\n#LGB #STLBlues @StLouisBlues",
            ["Tickets are available now.", "#LGB #STLBlues @StLouisBlues"],
        ),
        ("en", "Great win by @StLouisBlues tonight.", None),
    ],
)
def test_hashtags_and_mentions_are_ordinary_words(language, text, expected):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Les mesures :\n- une hausse de 5 % ;\n- 2 000 postes ;\n• un fonds d’urgence.",
            ["Les mesures :", "- une hausse de 5 % ;", "- 2 000 postes ;", "• un fonds d’urgence."],
        ),
        (
            "fr",
            "Trois étapes :\n1. Concertation jusqu’au 15 janv.\n2. Le projet de loi.\nII. Contexte",
            [
                "Trois étapes :",
                "1. Concertation jusqu’au 15 janv.",
                "2. Le projet de loi.",
                "II. Contexte",
            ],
        ),
        (
            "en",
            "Five things:\n  1. Storm warnings remain.\n  2. The Fed meets.\n* Oil fell 1.2%.",
            ["Five things:", "1. Storm warnings remain.", "2. The Fed meets.", "* Oil fell 1.2%."],
        ),
    ],
)
def test_list_items_on_their_own_lines_are_sentences_and_their_numbers_are_not(
    language, text, expected
):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Premier paragraphe.\r\n\r\nDeuxième. Troisième.\r\nQuatrième",
            ["Premier paragraphe.", "Deuxième.", "Troisième.", "Quatrième"],
        ),
        ("fr", "Lyon\t3-2\tMarseille\nFin.\tSuite.", ["Lyon\t3-2\tMarseille", "Fin.", "Suite."]),
        (
            "fr",
            f"Il a parlé.{NBSP}Le vote suit.{NNBSP}{NBSP} Puis la nuit.",
            ["Il a parlé.", "Le vote suit.", "Puis la nuit."],
        ),
        ("en", "  Leading and trailing spaces.  \t\n", ["Leading and trailing spaces."]),
        ("en", "Old Mac line.\rNext line.", ["Old Mac line.", "Next line."]),
    ],
)
def test_crlf_tabs_and_no_break_spaces_are_handled(language, text, expected):
    assert sentences(text, language) == expected


@pytest.mark.parametrize("line_break", [*LINE_BREAKS, "\r\n", "\n\n", "\n \t\n"])
def test_every_line_break_ends_a_sentence(line_break):
    text = f"Le ministre a dit{line_break}que le vote aura lieu"
    assert sentences(text) == ["Le ministre a dit", "que le vote aura lieu"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\t \u00a0\u202f\r\n"])
def test_empty_or_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_offsets_point_into_the_original_text():
    text = f"\ufeffTitre\r\n\r\n  «{NNBSP}Oui.{NNBSP}» Il part.\u2028Fin"
    spans = split_sentences(text)
    assert [text[start:end] for start, end in spans] == [
        "\ufeffTitre",
        f"«{NNBSP}Oui.{NNBSP}»",
        "Il part.",
        "Fin",
    ]
    assert spans[1][0] == text.index("«")


@pytest.mark.parametrize("language", ["fr", "en", "fr-FR", "en_US", "de"])
def test_any_language_tag_is_accepted(language):
    assert sentences("M. Dupont est parti. Mr. Smith stayed.", language) == [
        "M. Dupont est parti.",
        "Mr. Smith stayed.",
    ]


@pytest.mark.parametrize(("text", "language"), [(b"bytes", "fr"), (None, "fr"), ("ok", None)])
def test_arguments_that_are_not_strings_are_rejected(text, language):
    with pytest.raises(TypeError):
        split_sentences(text, language)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            'Le préfet a levé l’alerte."La route restera fermée jusqu’à demain", ajoute la mairie.',
            [
                "Le préfet a levé l’alerte.",
                '"La route restera fermée jusqu’à demain", ajoute la mairie.',
            ],
        ),
        (
            "fr",
            'Le chantier a pris du retard."Nous livrerons en mars. Pas avant", admet le promoteur.',
            [
                "Le chantier a pris du retard.",
                '"Nous livrerons en mars.',
                'Pas avant", admet le promoteur.',
            ],
        ),
        (
            "en",
            'The council voted late on Monday."This is a good day," the mayor said.',
            ["The council voted late on Monday.", '"This is a good day," the mayor said.'],
        ),
        (
            "en",
            'Why wait?"We are ready now," she told reporters.',
            ["Why wait?", '"We are ready now," she told reporters.'],
        ),
        # The quote glued to the stop closes a pair: it stays with its sentence.
        (
            "fr",
            'Il a répondu "jamais."Puis il a quitté la salle, "sans un regard".',
            ['Il a répondu "jamais."', 'Puis il a quitté la salle, "sans un regard".'],
        ),
        # An odd number of straight quotes on the line: nothing is paired, the quote after the
        # stop is read as a closing mark, as before.
        (
            "en",
            'The vote was close."Too close, said one aide.',
            ['The vote was close."', "Too close, said one aide."],
        ),
    ],
)
def test_straight_quote_glued_to_a_stop_opens_the_next_quotation_when_paired_in_order(
    language, text, expected
):
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Podium du slalom : 1. Léa Morel, 1 min 52 ; 2. Inès Brun, 1 min 53 ; 3. Zoé"
            " Petit, 1 min 55.",
            None,
        ),
        (
            "fr",
            "Les lauréats : 1. Marseille, 2. Nantes, 3. Lille. Bravo à tous.",
            ["Les lauréats : 1. Marseille, 2. Nantes, 3. Lille.", "Bravo à tous."],
        ),
        (
            "fr",
            "Deux options restent sur la table : 1. Reporter le vote. 2. Amender le texte.",
            ["Deux options restent sur la table : 1. Reporter le vote.", "2. Amender le texte."],
        ),
        ("en", "Top seeds: 1. Sinner, Italy; 2. Alcaraz, Spain; 3. Zverev, Germany.", None),
        # A bare number that is not the next item of a list ends the sentence.
        (
            "fr",
            "Les numéros tirés samedi sont 5, 9, 14, 22, 31. Personne n’a gagné.",
            ["Les numéros tirés samedi sont 5, 9, 14, 22, 31.", "Personne n’a gagné."],
        ),
        (
            "fr",
            "Nombre de blessés : 12. Les pompiers sont sur place.",
            ["Nombre de blessés : 12.", "Les pompiers sont sur place."],
        ),
        (
            "fr",
            "La hausse atteindra 1,2. Les syndicats jugent cela insuffisant.",
            ["La hausse atteindra 1,2.", "Les syndicats jugent cela insuffisant."],
        ),
    ],
)
def test_numbers_of_an_inline_list_after_a_colon_or_a_semicolon_do_not_end_a_sentence(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


def test_inline_list_numbers_do_not_carry_over_to_the_next_line():
    text = "Classement : 1. Lyon, 12 pts.\nLes écarts : 2. Rien ne change."
    assert sentences(text) == [
        "Classement : 1. Lyon, 12 pts.",
        "Les écarts : 2.",
        "Rien ne change.",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "LYON, 3 févr. (AFP) - Le trafic a repris sur la ligne B.", None),
        ("fr", "STRASBOURG, 9 déc. - La session plénière s’ouvre ce lundi.", None),
        ("fr", "Le colloque du 4 avr. (reporté) aura lieu en juin.", None),
        ("en", "BOSTON, Aug. 3 (AP) - The storm moved east.", None),
        ("en", "Harwick Holdings Ltd. (LSE: HWK) and Dupont et al. (2024) agree.", None),
        (
            "fr",
            "Le vote a été reporté au 3 déc. Ce sera le dernier de l’année.",
            ["Le vote a été reporté au 3 déc.", "Ce sera le dernier de l’année."],
        ),
        (
            "en",
            "Shares of Globex Corp. “We are confident,” its chief said.",
            ["Shares of Globex Corp.", "“We are confident,” its chief said."],
        ),
        # "sept." is also the number seven: an opening quote after it starts a new sentence.
        (
            "fr",
            "Ils étaient sept. « Nous avons eu peur », raconte l’un d’eux.",
            ["Ils étaient sept.", "« Nous avons eu peur », raconte l’un d’eux."],
        ),
    ],
)
def test_a_bracket_or_a_dash_after_a_month_or_company_abbreviation_continues_the_sentence(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Balzac, La Comédie humaine, t. V, Gallimard, 1.104 p.", None),
        ("fr", "Voir le vol. I; le chap. V) et le t. X: ils sont épuisés.", None),
        ("fr", "Hugo, Poésie, éd. « Quarto », coll. « Blanche », dir. « Bouquins », 2002.", None),
        ("fr", "Un roman de Woolf, trad. « nouvelle » de l’anglais, paraît en mars.", None),
        # A roman numeral before a space and a word is not counted: "I" stays a pronoun.
        ("en", "I can't. I won't.", ["I can't.", "I won't."]),
        (
            "fr",
            "Le recueil paraît dans la coll. Il sera en librairie lundi.",
            ["Le recueil paraît dans la coll.", "Il sera en librairie lundi."],
        ),
    ],
)
def test_roman_numerals_after_volume_abbreviations_and_editorial_abbreviations_before_a_title(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "La plaignante, Nadia K. Auprès des policiers, elle a décrit son agresseur.",
            ["La plaignante, Nadia K.", "Auprès des policiers, elle a décrit son agresseur."],
        ),
        (
            "fr",
            "Le gérant, Jean-Luc M. Dimanche, il a rouvert sa boutique.",
            ["Le gérant, Jean-Luc M.", "Dimanche, il a rouvert sa boutique."],
        ),
        (
            "fr",
            "Le seul majeur est Lucas F. Lors de l’audience, il s’est excusé.",
            ["Le seul majeur est Lucas F.", "Lors de l’audience, il s’est excusé."],
        ),
        (
            "en",
            "The driver was named only as Kevin J. Finally, the jury cleared him.",
            ["The driver was named only as Kevin J.", "Finally, the jury cleared him."],
        ),
        # An initial followed by a surname, or by a word that is not followed by lowercase text,
        # continues the name.
        ("fr", "Son avocat, Jean-Marc T. Lefort, plaidera la relaxe.", None),
        (
            "fr",
            "Le décret, signé par E. Macron, est paru. E. Macron a dit non.",
            ["Le décret, signé par E. Macron, est paru.", "E. Macron a dit non."],
        ),
        ("en", "Sources close to Harry S. Truman and George W. Bush spoke.", None),
        ("en", "The jury heard from Anna B. Together Inc., a charity.", None),
        # A single initial that does not follow a first name keeps the short opener list.
        ("fr", "Le rapport cite H. Devant, un ingénieur lyonnais.", None),
    ],
)
def test_surname_initial_after_a_first_name_ends_a_sentence_before_a_function_word(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Sales were flat in the U.S. Overall, margins improved.",
            ["Sales were flat in the U.S.", "Overall, margins improved."],
        ),
        (
            "en",
            "It has no plant in the U.K. Instead, it imports cars.",
            ["It has no plant in the U.K.", "Instead, it imports cars."],
        ),
        ("en", "The U.S. Senate, U.S. Steel and the U.S. Open were cited.", None),
        # A capitalised word that is not a function word continues: the segmenter cannot tell
        # "the U.S. European Command" (one name) from "in the U.S. European firms…" (two
        # sentences), and keeps both as one sentence.
        ("en", "A contractor for the U.S. European Command was fined.", None),
        ("en", "Imports rose in the U.S. European firms gained most.", None),
    ],
)
def test_acronyms_end_a_sentence_before_a_function_word_but_not_before_a_name(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "Le chantier est achevé, a confirmé la RATP.Dans deux semaines, la ligne rouvrira.",
            [
                "Le chantier est achevé, a confirmé la RATP.",
                "Dans deux semaines, la ligne rouvrira.",
            ],
        ),
        (
            "fr",
            "Le texte a été transmis à l’UNESCO.L’organisation répondra en mai.",
            ["Le texte a été transmis à l’UNESCO.", "L’organisation répondra en mai."],
        ),
        ("en", "He joined NATO.The alliance grew.", ["He joined NATO.", "The alliance grew."]),
        # Not before a word in capitals, after an acronym with inner stops, nor in a file name.
        ("fr", "Les fichiers BUDGET.PDF et ANNEXE.DOCX sont en ligne.", None),
        ("fr", "Il vit aux U.S.A.Depuis, il se tait.", None),
        ("fr", "Au siège de l’O.N.U.Les délégués attendent.", None),
        ("en", "Visit WWW.EXAMPLE.COM/Docs today.", None),
    ],
)
def test_sentence_glued_to_an_acronym_is_cut_before_a_capitalised_lowercase_word(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Apple shares slipped in early trading. iPad sales were flat.",
            ["Apple shares slipped in early trading.", "iPad sales were flat."],
        ),
        (
            "en",
            "Vaccines are being updated. mRNA shots are the fastest to adapt.",
            ["Vaccines are being updated.", "mRNA shots are the fastest to adapt."],
        ),
        (
            "fr",
            "Les enchères ont été suspendues… eBay promet une enquête.",
            ["Les enchères ont été suspendues…", "eBay promet une enquête."],
        ),
        (
            "fr",
            "Consoles, téléphones, etc. iPhone et Galaxy dominent le marché.",
            ["Consoles, téléphones, etc.", "iPhone et Galaxy dominent le marché."],
        ),
        # A plain lowercase word still continues the sentence.
        ("fr", "Il a acheté des pommes, des poires, etc. et un iPad.", None),
        ("en", "Rivals include Acme Inc. eBay and others fell.", None),
    ],
)
def test_a_word_with_a_lowercase_initial_and_an_inner_capital_counts_as_capitalised(
    language, text, expected
):
    assert sentences(text, language) == (expected or [text])


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

FRAGMENTS = [
    "M. ",
    "Mme ",
    "Mr. ",
    "U.S. ",
    "J. R. R. Tolkien",
    "av. J.-C.",
    "p. ex. ",
    "etc. ",
    "art. 49.3",
    "a.m. ",
    "1. ",
    "3.5",
    "1.000.000",
    "20.08.2025",
    "14h30",
    "01:35",
    "question.Dans",
    "évolutions.Les",
    "www.lemonde.fr",
    "https://example.com/a.b?Q=1",
    "jean.dupont@afp.fr",
    "#Politique",
    "@afp",
    "« Nous partirons. Rien ne nous arrêtera. »",
    '"We will leave. Nothing will stop us," he said.',
    "Il a déclaré : ",
    " Le ministre est parti. ",
    "The vote failed. ",
    "…",
    "...",
    "?!",
    "[…]",
    "\r\n",
    "\n\n",
    NBSP,
    NNBSP,
    "\t",
]
ALPHABET = f"abcdeéèàçLMPSUJÉÀ0123456789.!?…;:«»\"“”’'()[]-–#@/ {NBSP}{NNBSP}\t\n\r\u2028"
texts = st.one_of(
    st.lists(
        st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(FRAGMENTS)),
        max_size=40,
    ).map("".join),
    st.text(max_size=200),
)


def check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert not any(ch in LINE_BREAKS for ch in piece)
        previous_end = end
    covered = bytearray(len(text))
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    for i, ch in enumerate(text):
        assert covered[i] or ch.isspace(), f"{ch!r} at {i} is in no sentence"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, language=st.sampled_from(LANGUAGES))
def test_sentences_are_ordered_stripped_and_cover_every_visible_character(text, language):
    check_invariants(text, split_sentences(text, language))


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_each_line_is_segmented_on_its_own(text):
    """No rule looks across a line break: segmenting line by line gives the same spans."""
    expected = []
    offset = 0
    for line in text.splitlines(keepends=True):
        expected.extend((offset + s, offset + e) for s, e in split_sentences(line))
        offset += len(line)
    assert split_sentences(text) == expected


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_surrounding_whitespace_only_shifts_the_offsets(text):
    padded = f" \n{NBSP}\t{text}\n "
    shift = 4
    assert split_sentences(padded) == [(s + shift, e + shift) for s, e in split_sentences(text)]


# --------------------------------------------------------------------------------------------
# Awkward input (its speed is measured by the benchmark: bench/segmentation.py)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", UNITS)
def test_long_awkward_input_is_segmented_into_clean_covering_sentences(unit):
    large = awkward_text(unit, 200_000)
    check_invariants(large, split_sentences(large))
