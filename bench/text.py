"""French news copy for the benchmark: headlines, sentences, articles, claims, evidence.

Pure Python, no Django. Every function takes a ``random.Random`` and draws from it only, so
the same seed gives the same text. The copy reads like a newsroom's: ministers, mayors,
unions and institutions (l’Insee, la Banque de France, l’OMS…) report, announce and contest
figures written the French way (``7,4 %``, ``1,2 milliard d’euros``, ``12 000 emplois``,
``+3,1 % sur un an``), with places, dates, quotations in « guillemets » and a few
questions. Each article has a topic, a city, a region and a small cast of people that most
of its sentences draw on.

Sentences are written as templates whose ``{slots}`` are filled at random (see ``_FILLERS``):
``{pct:5,10}`` is a percentage between 5 and 10, ``{pick:deux|trois}`` one of the words,
``{Who}`` the speaker of the sentence as a subject, ``{aux}`` and ``{pl:a|b}`` agree with
it; a capitalised slot name capitalises what the lower-case one gives; ``~`` is a no-break
space.

They are built so that ``annotations.segmentation.split_sentences`` cuts them back exactly:
no abbreviation that might end a sentence (``etc.``, ``env.``, ``p.``), no ellipsis, no stop
inside a quotation except the one that closes the sentence, ``M.`` only after a lowercase
word, a comma or a sentence end (after a capitalised first name the segmenter would read it
as an initial).

Typography: the typographic apostrophe ``’``, a no-break space (U+00A0) inside « » and
before ``:``, ``?``, ``!`` and ``%``, a narrow no-break space (U+202F) between groups of
digits.
"""

from __future__ import annotations

import datetime
import functools
import random
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "MONTHS",
    "PUBLISHERS",
    "TAGS",
    "TOPICS",
    "article_paragraphs",
    "article_text",
    "byline",
    "claim_restatement",
    "claimant",
    "correction_note",
    "evidence",
    "headline",
    "paragraph",
    "paragraph_sentences",
    "person_name",
    "rationale",
    "retraction_note",
    "review_comment",
    "sentence",
    "slug",
    "text_of_size",
    "topic_tags",
]

NBSP = "\u00a0"
NNBSP = "\u202f"
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ")


def _words(text: str) -> tuple[str, ...]:
    """A word list written as text; ``_`` joins a name of several words (``Le_Goff``)."""
    return tuple(word.replace("_", " ") for word in text.split())


MONTHS = _words(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)
_WEEKDAYS = _words("lundi mardi mercredi jeudi vendredi samedi dimanche")

#: Fictional outlets: (name, web domain).
PUBLISHERS = (
    ("Le Courrier des Deux Rives", "courrier-deux-rives.fr"),
    ("La Gazette des Territoires", "gazette-territoires.fr"),
    ("Le Quotidien des Cimes", "quotidien-des-cimes.fr"),
    ("La Voix du Bocage", "voixdubocage.fr"),
    ("Le Journal de la Garonne", "journal-garonne.fr"),
    ("Ouest-Horizon", "ouest-horizon.fr"),
    ("Le Petit Rhodanien", "petit-rhodanien.fr"),
    ("Le Messager de Provence", "messager-provence.fr"),
    ("L’Observateur du Nord", "observateur-du-nord.fr"),
    ("Les Nouvelles de l’Estuaire", "nouvelles-estuaire.fr"),
    ("Le Phare d’Armor", "phare-armor.fr"),
    ("La Tribune des Causses", "tribune-causses.fr"),
    ("Info Vallée", "info-vallee.fr"),
    ("Le Fil de l’Éco", "fil-eco.fr"),
    ("L’Éclaireur du Jura", "eclaireur-jura.fr"),
)
_RADIOS = _words("Radio_Horizon Ondes_du_Sud Radio_Confluences Fréquence_Est Radio_Littoral")
_TV = _words("Canal_Régions TéléMétropole Info_24 Télé_Sud-Ouest")

#: Article tags.
TAGS = _words(
    "Politique Économie Santé Environnement Climat Logement Éducation Sécurité Justice "
    "Transports Agriculture Énergie Emploi Social Retraites Budget Europe International "
    "Collectivités Régions Vérification Chiffres Société Consommation"
)

_FIRST_M = _words(
    "Laurent Julien Thomas Nicolas Pierre Antoine Mathieu Olivier Stéphane Sébastien Jérôme "
    "Arnaud Guillaume Benoît François Philippe Éric Christophe Damien Yannick Karim Mehdi "
    "Rachid Samuel Hugo Louis Bastien Cédric Frédéric Gilles Hervé Jean-Marc Jean-Luc Marc "
    "Vincent Xavier Thierry Grégoire Alexandre Étienne Régis Loïc Gaël Malik Youssef"
)
_FIRST_F = _words(
    "Claire Sophie Isabelle Nathalie Céline Aurélie Élodie Camille Julie Émilie Hélène Anne "
    "Marie Laure Sandrine Valérie Caroline Agnès Delphine Florence Sabrina Nadia Samia Leïla "
    "Chloé Manon Léa Inès Margaux Pauline Géraldine Véronique Catherine Brigitte Martine "
    "Christelle Amélie Karine Mélanie Noémie Gaëlle Maëlle Yasmina Fatima Aïcha"
)
_LAST = _words(
    "Dubreuil Garnier Lefort Vasseur Marchand Roussel Perrin Chevalier Lemoine Fontaine "
    "Girard Bonnet Lambert Faure Rousseau Guérin Muller Roux Perrot Morin Clément Gauthier "
    "Dumont Masson Meyer Boyer Dufour Brunet Barbier Leroux Renaud Giraud Caron Picard Dupuis "
    "Lacroix Gaillard Rolland Aubert Lefèvre Collet Carpentier Deschamps Lebrun Bouvier "
    "Prévost Jacquet Charpentier Hoarau Benali Haddad Nguyen Traoré Diallo Ferreira Moulin "
    "Besnard Tessier Poirier Maillard Leclerc Joly Hamel Cordier Mercier Baron Colin Vidal "
    "Royer Marty Laporte Pons Bertin Langlois Delmas Rey Guillot Huet Carré Fabre Ollivier "
    "Blanchard Bénard Pichon Texier Vallée Favre Bailly Delattre Courtois Ménard Rivière "
    "Sauvage Kervella Le_Bihan Le_Goff Da_Costa Mazière Lemaître Thébault Quéré Achour"
)


def _city(name: str) -> tuple[str, str, str]:
    """(name, "de" form, "à" form) of a city."""
    if name.startswith("Le "):
        return name, "du " + name[3:], "au " + name[3:]
    if name[0] in _VOWELS:
        return name, "d’" + name, "à " + name
    return name, "de " + name, "à " + name


_CITIES = tuple(
    _city(name)
    for name in _words(
        "Lyon Marseille Toulouse Nantes Strasbourg Montpellier Bordeaux Lille Rennes Reims "
        "Saint-Étienne Toulon Grenoble Dijon Angers Nîmes Clermont-Ferrand Brest Limoges "
        "Amiens Perpignan Metz Besançon Orléans Rouen Mulhouse Caen Nancy Avignon Poitiers "
        "Pau Béziers Ajaccio Bastia Quimper Valence Chambéry Annecy Lorient Vannes Niort "
        "Troyes Colmar Calais Dunkerque Bayonne Tarbes Albi Montauban Cherbourg Laval "
        "Saint-Nazaire Saint-Brieuc Mâcon Bourges Chartres Évreux Arras Le_Havre Le_Mans "
        "La_Rochelle"
    )
)

# (name, "de" form, "en/dans" form)
_REGIONS = (
    ("Bretagne", "de Bretagne", "en Bretagne"),
    ("Occitanie", "d’Occitanie", "en Occitanie"),
    ("Normandie", "de Normandie", "en Normandie"),
    ("Nouvelle-Aquitaine", "de Nouvelle-Aquitaine", "en Nouvelle-Aquitaine"),
    ("Auvergne-Rhône-Alpes", "d’Auvergne-Rhône-Alpes", "en Auvergne-Rhône-Alpes"),
    ("Île-de-France", "d’Île-de-France", "en Île-de-France"),
    ("Grand Est", "du Grand Est", "dans le Grand Est"),
    ("Hauts-de-France", "des Hauts-de-France", "dans les Hauts-de-France"),
    ("Pays de la Loire", "des Pays de la Loire", "dans les Pays de la Loire"),
    ("Centre-Val de Loire", "du Centre-Val de Loire", "en Centre-Val de Loire"),
    ("Bourgogne-Franche-Comté", "de Bourgogne-Franche-Comté", "en Bourgogne-Franche-Comté"),
    ("Provence-Alpes-Côte d’Azur", "de la région Sud", "en Provence-Alpes-Côte d’Azur"),
    ("Corse", "de Corse", "en Corse"),
    ("La Réunion", "de La Réunion", "à La Réunion"),
    ("Guadeloupe", "de la Guadeloupe", "en Guadeloupe"),
    ("Martinique", "de la Martinique", "en Martinique"),
    ("Guyane", "de la Guyane", "en Guyane"),
)
# ("de" form, "dans" form)
_DEPARTMENTS = (
    ("de la Gironde", "en Gironde"),
    ("du Rhône", "dans le Rhône"),
    ("des Bouches-du-Rhône", "dans les Bouches-du-Rhône"),
    ("du Nord", "dans le Nord"),
    ("de la Haute-Garonne", "en Haute-Garonne"),
    ("de l’Hérault", "dans l’Hérault"),
    ("du Finistère", "dans le Finistère"),
    ("de la Loire-Atlantique", "en Loire-Atlantique"),
    ("du Bas-Rhin", "dans le Bas-Rhin"),
    ("de l’Isère", "en Isère"),
    ("du Puy-de-Dôme", "dans le Puy-de-Dôme"),
    ("de la Somme", "dans la Somme"),
    ("du Var", "dans le Var"),
    ("de la Moselle", "en Moselle"),
    ("des Landes", "dans les Landes"),
    ("de la Manche", "dans la Manche"),
    ("du Calvados", "dans le Calvados"),
    ("de l’Aisne", "dans l’Aisne"),
    ("de la Drôme", "dans la Drôme"),
    ("du Gard", "dans le Gard"),
    ("de la Vienne", "dans la Vienne"),
    ("de l’Ain", "dans l’Ain"),
    ("du Doubs", "dans le Doubs"),
    ("de la Marne", "dans la Marne"),
    ("du Loiret", "dans le Loiret"),
    ("de la Sarthe", "dans la Sarthe"),
    ("du Morbihan", "dans le Morbihan"),
    ("de la Seine-Saint-Denis", "en Seine-Saint-Denis"),
    ("du Val-de-Marne", "dans le Val-de-Marne"),
    ("de l’Essonne", "dans l’Essonne"),
    ("de la Haute-Savoie", "en Haute-Savoie"),
    ("des Pyrénées-Atlantiques", "dans les Pyrénées-Atlantiques"),
)
# (name with its article, "en/au" form)
_COUNTRIES = (
    ("l’Allemagne", "en Allemagne"),
    ("l’Espagne", "en Espagne"),
    ("l’Italie", "en Italie"),
    ("la Belgique", "en Belgique"),
    ("le Portugal", "au Portugal"),
    ("la Pologne", "en Pologne"),
    ("le Royaume-Uni", "au Royaume-Uni"),
    ("les Pays-Bas", "aux Pays-Bas"),
    ("les États-Unis", "aux États-Unis"),
    ("le Canada", "au Canada"),
    ("le Japon", "au Japon"),
    ("le Maroc", "au Maroc"),
    ("le Sénégal", "au Sénégal"),
    ("la Suisse", "en Suisse"),
    ("la Suède", "en Suède"),
    ("le Danemark", "au Danemark"),
    ("l’Irlande", "en Irlande"),
    ("la Grèce", "en Grèce"),
    ("l’Autriche", "en Autriche"),
    ("la Roumanie", "en Roumanie"),
    ("le Brésil", "au Brésil"),
    ("la Finlande", "en Finlande"),
    ("la Norvège", "en Norvège"),
    ("la Tunisie", "en Tunisie"),
    ("la Côte d’Ivoire", "en Côte d’Ivoire"),
    ("le Québec", "au Québec"),
    ("la Corée du Sud", "en Corée du Sud"),
)


@dataclass(frozen=True)
class _Institution:
    np: str  # with its article, as in a sentence
    fem: bool
    short: str  # as a claimant or an evidence publisher
    domain: str


_INSTITUTIONS = tuple(
    _Institution(np, fem == "f", short, domain)
    for np, fem, short, domain in (
        ("l’Insee", "m", "Insee", "www.insee.fr"),
        ("la Banque de France", "f", "Banque de France", "www.banque-france.fr"),
        ("l’OMS", "f", "OMS", "www.who.int"),
        ("la Cour des comptes", "f", "Cour des comptes", "www.ccomptes.fr"),
        ("le Haut Conseil des finances publiques", "m", "HCFP", "www.hcfp.fr"),
        ("l’OCDE", "f", "OCDE", "www.oecd.org"),
        ("le FMI", "m", "FMI", "www.imf.org"),
        ("la Commission européenne", "f", "Commission européenne", "commission.europa.eu"),
        ("France Travail", "m", "France Travail", "www.francetravail.fr"),
        ("l’Ademe", "f", "Ademe", "www.ademe.fr"),
        ("Santé publique France", "f", "Santé publique France", "www.santepubliquefrance.fr"),
        ("la Drees", "f", "Drees", "drees.solidarites-sante.gouv.fr"),
        ("l’OFCE", "m", "OFCE", "www.ofce.sciences-po.fr"),
        ("Météo-France", "m", "Météo-France", "meteofrance.com"),
        ("le Conseil d’orientation des retraites", "m", "COR", "www.cor-retraites.fr"),
        ("l’Assurance maladie", "f", "Assurance maladie", "www.ameli.fr"),
        ("l’Unédic", "f", "Unédic", "www.unedic.org"),
        ("Eurostat", "m", "Eurostat", "ec.europa.eu"),
        ("la Banque centrale européenne", "f", "BCE", "www.ecb.europa.eu"),
        ("le Conseil d’État", "m", "Conseil d’État", "www.conseil-etat.fr"),
        ("l’Observatoire des inégalités", "m", "Observatoire des inégalités", "inegalites.fr"),
        ("l’Agence internationale de l’énergie", "f", "AIE", "www.iea.org"),
        ("l’Autorité de la concurrence", "f", "Autorité de la concurrence", "adlc.fr"),
        ("la Haute Autorité de santé", "f", "Haute Autorité de santé", "www.has-sante.fr"),
        ("l’Anses", "f", "Anses", "www.anses.fr"),
        ("RTE", "m", "RTE", "www.rte-france.com"),
        ("l’Office français de la biodiversité", "m", "OFB", "www.ofb.gouv.fr"),
        ("la Fédération française du bâtiment", "f", "FFB", "www.ffbatiment.fr"),
        ("l’Inserm", "m", "Inserm", "www.inserm.fr"),
        ("le Cerema", "m", "Cerema", "www.cerema.fr"),
        ("la Caisse des dépôts", "f", "Caisse des dépôts", "www.caissedesdepots.fr"),
        ("l’Arcom", "f", "Arcom", "www.arcom.fr"),
    )
)
# Unions, employers, associations: (noun phrase, feminine, plural, short name)
_ORGANISATIONS = (
    ("la CGT", True, False, "CGT"),
    ("la CFDT", True, False, "CFDT"),
    ("Force ouvrière", True, False, "Force ouvrière"),
    ("l’intersyndicale", True, False, "Intersyndicale"),
    ("la FNSEA", True, False, "FNSEA"),
    ("le Medef", False, False, "Medef"),
    ("la CPME", True, False, "CPME"),
    ("les syndicats enseignants", False, True, "Syndicats enseignants"),
    ("les organisations patronales", True, True, "Organisations patronales"),
    ("les associations de consommateurs", True, True, "Associations de consommateurs"),
    ("les élus de l’opposition", False, True, "Élus de l’opposition"),
    ("les médecins généralistes", False, True, "Médecins généralistes"),
    ("plusieurs ONG environnementales", True, True, "ONG environnementales"),
    ("les maires ruraux", False, True, "Association des maires ruraux"),
    ("les associations de locataires", True, True, "Associations de locataires"),
    ("les syndicats de policiers", False, True, "Syndicats de policiers"),
    ("les fédérations de parents d’élèves", True, True, "Fédérations de parents d’élèves"),
    ("les transporteurs routiers", False, True, "Transporteurs routiers"),
    ("les jeunes agriculteurs", False, True, "Jeunes agriculteurs"),
    ("la Confédération paysanne", True, False, "Confédération paysanne"),
    ("l’Union des aéroports régionaux", True, False, "Union des aéroports régionaux"),
    ("le collectif Inter-Urgences", False, False, "Collectif Inter-Urgences"),
)

_PORTFOLIOS = (
    "de l’Économie",
    "de la Santé",
    "du Travail",
    "de l’Éducation nationale",
    "de l’Intérieur",
    "de la Transition écologique",
    "de l’Agriculture",
    "du Logement",
    "des Transports",
    "de la Culture",
    "des Armées",
    "de la Justice",
    "des Comptes publics",
    "de l’Industrie",
    "des Sports",
    "de l’Enseignement supérieur",
    "des Collectivités territoriales",
    "de l’Énergie",
    "des Solidarités",
    "de la Ville",
)
# (masculine, feminine); {p} portfolio, {d} department, {c} city, {r} region, {rd} "de"
# form of the region, {u} a union.
_ROLES = (
    ("le ministre {p}", "la ministre {p}"),
    ("le ministre {p}", "la ministre {p}"),
    ("le député {d}", "la députée {d}"),
    ("le sénateur {d}", "la sénatrice {d}"),
    ("le maire {c}", "la maire {c}"),
    ("le maire {c}", "la maire {c}"),
    ("le président de la région {r}", "la présidente de la région {r}"),
    ("le président du département {d}", "la présidente du département {d}"),
    ("le porte-parole du gouvernement", "la porte-parole du gouvernement"),
    ("le préfet {rd}", "la préfète {rd}"),
    ("le directeur de l’agence régionale de santé", "la directrice de l’agence régionale de santé"),
    ("l’économiste de l’OFCE", "l’économiste de l’OFCE"),
    ("le secrétaire général {u}", "la secrétaire générale {u}"),
    ("le chercheur au CNRS", "la chercheuse au CNRS"),
    ("l’épidémiologiste de l’Inserm", "l’épidémiologiste de l’Inserm"),
    ("l’adjoint au maire {c} chargé des finances", "l’adjointe au maire {c} chargée des finances"),
    ("le rapporteur général du budget", "la rapporteure générale du budget"),
    ("le directeur du centre hospitalier {c}", "la directrice du centre hospitalier {c}"),
    ("le recteur de l’académie {c}", "la rectrice de l’académie {c}"),
    ("le procureur de la République {c}", "la procureure de la République {c}"),
    ("le président de la chambre d’agriculture", "la présidente de la chambre d’agriculture"),
    ("le président des locataires {c}", "la présidente des locataires {c}"),
    ("le délégué régional du bâtiment", "la déléguée régionale du bâtiment"),
    ("le directeur de l’office de tourisme {c}", "la directrice de l’office de tourisme {c}"),
)
_UNIONS = (
    "de la CGT",
    "de la CFDT",
    "de Force ouvrière",
    "de l’Unsa",
    "de la FSU",
    "de Solidaires",
)


# --- Grammar helpers ---------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _de(np: str) -> str:
    """``de`` + a noun phrase, contracted or elided (du, des, d’)."""
    if np.startswith("le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    if np.startswith(("la ", "l’")):
        return "de " + np
    if np[:1] in _VOWELS:
        return "d’" + np
    return "de " + np


def _a(np: str) -> str:
    """``à`` + a noun phrase, contracted (au, aux)."""
    if np.startswith("le "):
        return "au " + np[3:]
    if np.startswith("les "):
        return "aux " + np[4:]
    return "à " + np


def _que(clause: str) -> str:
    return ("qu’" if clause[:1] in _VOWELS else "que ") + clause


def _pick(rng: random.Random, options):
    return options[rng.randrange(len(options))]


def _bare(role: str) -> str:
    """A role without its article, for an apposition: "ministre de la Santé"."""
    for article in ("le ", "la ", "l’"):
        if role.startswith(article):
            return role[len(article) :]
    return role


# --- Figures and dates -----------------------------------------------------------------------


def _int_fr(n: int) -> str:
    """12000 -> "12 000" (narrow no-break spaces between groups of digits)."""
    return f"{n:,}".replace(",", NNBSP)


def _dec(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _pct(rng: random.Random, low: float, high: float) -> str:
    value = rng.uniform(low, high)
    return (_dec(value) if value < 20 else str(round(value))) + NBSP + "%"


def _delta(rng: random.Random) -> str:
    sign = "+" if rng.random() < 0.6 else "-"
    return f"{sign}{_dec(rng.uniform(0.1, 9.5))}{NBSP}% sur un an"


def _round(n: int) -> int:
    """A round number, as newsrooms write them (12 437 -> 12 400)."""
    for step in (100_000, 10_000, 1_000, 100, 10):
        if n >= step * 20:
            return n - n % step
    return n


def _amount(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        value = rng.uniform(1.0, 9.9)
        return f"{_dec(value)} {'milliard' if value < 2 else 'milliards'} d’euros"
    if kind < 0.8:
        return f"{_round(rng.randint(12, 950))} millions d’euros"
    return f"{_int_fr(_round(rng.randint(20_000, 900_000)))} euros"


def _day_month(rng: random.Random) -> str:
    day = rng.randint(1, 28)
    return f"{'1er' if day == 1 else day} {_pick(rng, MONTHS)}"


@functools.cache
def _range(arg: str) -> tuple[float, float]:
    low, high = arg.split(",")
    return float(low), float(high)


# --- Article context and speakers ------------------------------------------------------------


@dataclass
class _Ctx:
    """What an article is about: most of its sentences draw on it."""

    topic: str
    city: tuple[str, str, str]
    region: tuple[str, str, str]
    cast: list[tuple[bool, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Who:
    """Someone who speaks: a noun phrase and how verbs agree with it."""

    np: str
    fem: bool = False
    plural: bool = False
    # The noun phrase ends with a name in apposition ("la ministre de la Santé, Claire
    # Vasseur"): a comma closes the apposition when the sentence goes on.
    appos: bool = False

    @property
    def subject(self) -> str:
        return self.np + ("," if self.appos else "")

    @property
    def short(self) -> str:
        return self.np.split(",", 1)[0] if self.appos else self.np


def person_name(rng: random.Random, *, fem: bool | None = None) -> str:
    if fem is None:
        fem = rng.random() < 0.5
    return f"{_pick(rng, _FIRST_F if fem else _FIRST_M)} {_pick(rng, _LAST)}"


def _new_person(rng: random.Random, ctx: _Ctx) -> tuple[bool, str, str]:
    """(feminine, name, role with its article)."""
    fem = rng.random() < 0.5
    template = _pick(rng, _ROLES)[fem]
    portfolios = _TOPIC_PORTFOLIOS[ctx.topic] if rng.random() < 0.8 else _PORTFOLIOS
    role = template.format(
        p=_pick(rng, portfolios),
        d=_pick(rng, _DEPARTMENTS)[0],
        c=ctx.city[1],
        r=ctx.region[0],
        rd=ctx.region[1],
        u=_pick(rng, _UNIONS),
    )
    return fem, person_name(rng, fem=fem), role


def _context(rng: random.Random, topic: str | None = None, *, cast: int | None = None) -> _Ctx:
    """A topic (random unless given), a city, a region and ``cast`` people (2 to 4)."""
    ctx = _Ctx(
        topic=topic or _pick(rng, _TOPIC_NAMES),
        city=_pick(rng, _CITIES),
        region=_pick(rng, _REGIONS),
    )
    ctx.cast = [_new_person(rng, ctx) for _ in range(rng.randint(2, 4) if cast is None else cast)]
    return ctx


def _person(rng: random.Random, ctx: _Ctx) -> _Who:
    fem, name, role = _pick(rng, ctx.cast) if rng.random() < 0.6 else _new_person(rng, ctx)
    form = rng.random()
    if form < 0.3:
        return _Who(f"{role}, {name}", fem, appos=True)
    if form < 0.5:
        return _Who(f"{name}, {_bare(role)}", fem, appos=True)
    if form < 0.75:
        # "M." after a comma, a lowercase word or a sentence end only (see the docstring)
        return _Who(f"{'Mme' if fem else 'M.'} {name.split(' ', 1)[1]}", fem)
    if form < 0.9:
        return _Who(role, fem)
    return _Who(name, fem)


def _organisation(rng: random.Random) -> _Who:
    np, fem, plural, _short = _pick(rng, _ORGANISATIONS)
    return _Who(np, fem, plural)


def _speaker(rng: random.Random, ctx: _Ctx, kind: str | None = None) -> _Who:
    """Someone who reports, announces or claims: a person, an institution or a union,
    most often one that speaks about the article's topic."""
    r = rng.random()
    if kind == "person" or (kind is None and r < 0.55):
        return _person(rng, ctx)
    if kind == "org":
        return _organisation(rng)
    if rng.random() < 0.75:
        return _VOICES[_pick(rng, _TOPIC_VOICES[ctx.topic])]
    if r >= 0.8:
        return _organisation(rng)
    institution = _pick(rng, _INSTITUTIONS)
    return _Who(institution.np, institution.fem)


# --- Templates -------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)(?::([^{}]*))?\}")


class _State:
    """What the slots of one sentence share: its speaker, and whether it already says
    where (an opener such as "À Lyon," leaves the claim's own place out)."""

    __slots__ = ("placed", "who")

    def __init__(self) -> None:
        self.who: _Who | None = None
        self.placed = False


def _fill(rng: random.Random, ctx: _Ctx, template: str, state: _State | None = None) -> str:
    state = state or _State()

    def one(match: re.Match) -> str:
        name, arg = match.group(1), match.group(2)
        filler = _FILLERS.get(name)
        if filler is not None:
            return filler(rng, ctx, state, arg)
        return _cap(_FILLERS[name[0].lower() + name[1:]](rng, ctx, state, arg))

    text = _SLOT.sub(one, template)
    if state.placed:
        text = _EMPTY_SLOT_SPACE.sub("", text)
    return text.replace("~", NBSP)


_EMPTY_SLOT_SPACE = re.compile(r" (?= |[.,])")


def _choose(rng: random.Random, ctx: _Ctx, templates, state: _State | None = None) -> str:
    return _fill(rng, ctx, _pick(rng, templates), state)


def _who(rng: random.Random, ctx: _Ctx, state: _State, kind: str | None) -> _Who:
    if state.who is None:
        state.who = _speaker(rng, ctx, kind)
    return state.who


def _when(rng: random.Random) -> str:
    """A date or a time phrase, as after a verb ("a affirmé mardi que…")."""
    r = rng.random()
    if r < 0.25:
        return "le " + _day_month(rng)
    if r < 0.45:
        return _pick(rng, _WEEKDAYS) + _pick(rng, ("", "", " soir", " matin", " dernier"))
    if r < 0.55:
        return f"en {rng.randint(2019, 2025)}"
    if r < 0.65:
        return _pick(rng, ("début ", "fin ", "mi-")) + _pick(rng, MONTHS)
    return _pick(rng, _WHEN_PHRASES)


_WHEN_PHRASES = (
    "la semaine dernière",
    "ce week-end",
    "il y a quelques jours",
    "en début de semaine",
    "hier",
    "dans la matinée",
    "en fin de journée",
)
_FUTURE_WHEN = (
    "le {daymonth}",
    "{pick:lundi|mardi|mercredi|jeudi|vendredi} prochain",
    "la semaine prochaine",
    "d’ici la fin du mois",
    "en {month}",
    "à la rentrée",
    "avant l’été",
)
_PERIODS = (
    "au {pick:premier|deuxième|troisième|quatrième} trimestre {year}",
    "en {month}",
    "en {year}",
    "l’an dernier",
    "sur les douze derniers mois",
    "au premier semestre {year}",
    "depuis le début de l’année",
    "en un an",
)
_OCCASIONS = (
    "lors d’une conférence de presse",
    "devant l’Assemblée nationale",
    "au micro de {radio}",
    "sur le plateau de {tv}",
    "dans un entretien à la presse régionale",
    "lors d’un déplacement {city}",
    "devant la commission des finances du Sénat",
    "dans un communiqué",
    "sur les réseaux sociaux",
    "lors de ses vœux à la presse",
    "en marge du conseil municipal",
    "à l’issue du conseil des ministres",
    "lors des questions au gouvernement",
    "devant les élus {region_de}",
)


def _place(rng: random.Random, ctx: _Ctx) -> str:
    """A place phrase: "à Lyon", "en Bretagne", "dans le Gard", "en France"."""
    r = rng.random()
    if r < 0.35:
        return ctx.city[2] if rng.random() < 0.7 else _pick(rng, _CITIES)[2]
    if r < 0.6:
        return ctx.region[2] if rng.random() < 0.7 else _pick(rng, _REGIONS)[2]
    if r < 0.75:
        return _pick(rng, _DEPARTMENTS)[1]
    if r < 0.9:
        return "en France"
    return _pick(rng, ("dans l’Hexagone", "sur l’ensemble du territoire", "en métropole"))


def _inverted(rng: random.Random, ctx: _Ctx, state: _State, arg) -> str:
    """ "a déclaré la ministre, Claire Vasseur, mardi" (after a quotation)."""
    who = _who(rng, ctx, state, arg)
    verb = _pick(rng, _QUOTE_VERBS)
    if who.plural:
        verb = "ont" + verb[1:]
    if rng.random() < 0.55:
        return f"{verb} {who.np}"
    tail = _when(rng) if rng.random() < 0.5 else _choose(rng, ctx, _OCCASIONS)
    return f"{verb} {who.np}{',' if who.appos else ''} {tail}"


def _plural_choice(rng: random.Random, ctx: _Ctx, state: _State, arg: str) -> str:
    singular, plural = arg.split("|")
    return plural if _who(rng, ctx, state, None).plural else singular


def _claim(rng: random.Random, ctx: _Ctx, state: _State | None = None, arg=None) -> str:
    """A checkable statement, as a clause (lowercase, or starting with a figure)."""
    topic = ctx.topic if rng.random() < 0.7 else _pick(rng, _TOPIC_NAMES)
    inner = _State()
    inner.placed = state is not None and state.placed
    return _choose(rng, ctx, _CLAIMS[topic], inner)


def _opener(rng: random.Random, ctx: _Ctx, state: _State, arg) -> str:
    if rng.random() < 0.3:
        state.placed = True
        return _choose(rng, ctx, _PLACE_OPENERS)
    return _choose(rng, ctx, _OPENERS)


def _unless_placed(filler):
    return lambda rng, ctx, st, arg: "" if st.placed else filler(rng, ctx, st, arg)


def _quote(rng: random.Random, ctx: _Ctx, state=None, arg=None) -> str:
    if rng.random() < 0.15:
        return f"«{NBSP}{_pick(rng, _EXCLAMATIONS)}{NBSP}!{NBSP}»"
    return f"«{NBSP}{_choose(rng, ctx, _QUOTES)}{NBSP}»"


def _figure(rng: random.Random, ctx: _Ctx, state=None, arg=None) -> str:
    return _choose(rng, ctx, _FIGURES)


_FILLERS = {
    # figures
    "pct": lambda rng, ctx, st, arg: _pct(rng, *_range(arg)),
    "num": lambda rng, ctx, st, arg: _int_fr(_round(rng.randint(*map(int, _range(arg))))),
    "int": lambda rng, ctx, st, arg: str(rng.randint(*map(int, _range(arg)))),
    "dec": lambda rng, ctx, st, arg: _dec(rng.uniform(*_range(arg))),
    "amount": lambda rng, ctx, st, arg: _amount(rng),
    "delta": lambda rng, ctx, st, arg: _delta(rng),
    "figure": _figure,
    # dates
    "year": lambda rng, ctx, st, arg: str(rng.randint(2019, 2025)),
    "future": lambda rng, ctx, st, arg: str(rng.randint(2026, 2035)),
    "month": lambda rng, ctx, st, arg: _pick(rng, MONTHS),
    "daymonth": lambda rng, ctx, st, arg: _day_month(rng),
    "when": lambda rng, ctx, st, arg: _when(rng),
    "when_opt": lambda rng, ctx, st, arg: " " + _when(rng) if rng.random() < 0.45 else "",
    "when_future": lambda rng, ctx, st, arg: _choose(rng, ctx, _FUTURE_WHEN),
    "period": lambda rng, ctx, st, arg: _choose(rng, ctx, _PERIODS),
    "occasion": lambda rng, ctx, st, arg: _choose(rng, ctx, _OCCASIONS),
    # places
    "place": _unless_placed(lambda rng, ctx, st, arg: _place(rng, ctx)),
    "city": _unless_placed(lambda rng, ctx, st, arg: ctx.city[2]),
    "city_de": lambda rng, ctx, st, arg: ctx.city[1],
    "anycity": _unless_placed(lambda rng, ctx, st, arg: _pick(rng, _CITIES)[2]),
    "region_in": _unless_placed(lambda rng, ctx, st, arg: ctx.region[2]),
    "region_de": lambda rng, ctx, st, arg: ctx.region[1],
    "dept_in": lambda rng, ctx, st, arg: _pick(rng, _DEPARTMENTS)[1],
    "country": lambda rng, ctx, st, arg: _pick(rng, _COUNTRIES)[0],
    "country_in": lambda rng, ctx, st, arg: _pick(rng, _COUNTRIES)[1],
    # things
    "pick": lambda rng, ctx, st, arg: _pick(rng, arg.split("|")),
    "domain": lambda rng, ctx, st, arg: _pick(rng, _DOMAINS),
    "a_domain": lambda rng, ctx, st, arg: _a(_pick(rng, _DOMAINS)),
    "subject": lambda rng, ctx, st, arg: _pick(rng, _SUBJECTS),
    "de_subject": lambda rng, ctx, st, arg: _de(_pick(rng, _SUBJECTS)),
    "cause": lambda rng, ctx, st, arg: _pick(rng, _CAUSES),
    "de_cause": lambda rng, ctx, st, arg: _de(_pick(rng, _CAUSES)),
    "a_cause": lambda rng, ctx, st, arg: _a(_pick(rng, _CAUSES)),
    "profession": lambda rng, ctx, st, arg: _pick(rng, _PROFESSIONS),
    "de_noun": lambda rng, ctx, st, arg: _de(_pick(rng, _NOUNS)),
    "institution": lambda rng, ctx, st, arg: _pick(rng, _INSTITUTIONS).np,
    "de_institution": lambda rng, ctx, st, arg: _de(_pick(rng, _INSTITUTIONS).np),
    "de_org": lambda rng, ctx, st, arg: _de(_organisation(rng).np),
    "outlet": lambda rng, ctx, st, arg: _pick(rng, PUBLISHERS)[0],
    "radio": lambda rng, ctx, st, arg: _pick(rng, _RADIOS),
    "tv": lambda rng, ctx, st, arg: _pick(rng, _TV),
    "claim": _claim,
    "que_claim": lambda rng, ctx, st, arg: _que(_claim(rng, ctx, st)),
    "quote": _quote,
    "quote_stop": lambda rng, ctx, st, arg: f"«{NBSP}{_choose(rng, ctx, _QUOTES)}.{NBSP}»",
    "qquestion": lambda rng, ctx, st, arg: f"«{NBSP}{_choose(rng, ctx, _QQUESTIONS)}{NBSP}?{NBSP}»",
    "opener": _opener,
    "announcement": lambda rng, ctx, st, arg: _choose(rng, ctx, _ANNOUNCEMENTS),
    "claimverb": lambda rng, ctx, st, arg: _pick(rng, _CLAIM_VERBS),
    "label": lambda rng, ctx, st, arg: _pick(rng, _HEADLINE_LABELS[ctx.topic]),
    # the sentence's speaker; the first of these slots may say what kind (person, org)
    "Who": lambda rng, ctx, st, arg: _cap(_who(rng, ctx, st, arg).subject),
    "who": lambda rng, ctx, st, arg: _who(rng, ctx, st, arg).np,
    "short": lambda rng, ctx, st, arg: _who(rng, ctx, st, arg).short,
    "aux": lambda rng, ctx, st, arg: "ont" if _who(rng, ctx, st, None).plural else "a",
    "e": lambda rng, ctx, st, arg: (
        ("e" if _who(rng, ctx, st, arg).fem else "") + ("s" if st.who.plural else "")
    ),
    "pl": _plural_choice,
    "inverted": _inverted,
    "other": lambda rng, ctx, st, arg: _speaker(rng, ctx, "person").np,
}

# --- Claims, by topic ------------------------------------------------------------------------

_CLAIMS = {
    "économie": (
        "le taux de chômage {pick:a atteint|s’est établi à|est remonté à|est retombé à} "
        "{pct:5,10} {period}",
        "l’inflation a {pick:ralenti|accéléré} à {pct:0.8,6} sur un an en {month}",
        "le déficit public devrait atteindre {pct:3,6.5} du PIB l’an prochain",
        "la dette publique dépasse désormais {num:2900,3400} milliards d’euros",
        "{num:1500,90000} emplois ont été créés {place} depuis {year}",
        "le pouvoir d’achat des ménages a progressé de {pct:0.1,3} {period}",
        "les défaillances d’entreprises ont bondi de {pct:5,40} en un an",
        "le salaire médian s’établit à {num:1900,2300} euros net par mois",
        "la croissance du PIB ne dépassera pas {pct:0.2,1.9} cette année",
        "le prix du gazole a augmenté de {int:4,38} centimes par litre depuis {month}",
        "les investissements étrangers {place} ont reculé de {pct:2,25}",
        "le chômage des jeunes est deux fois plus élevé en France qu’{country_in}",
        "la France consacre {pct:1,12} de son PIB {a_domain}, contre {pct:1,12} {country_in}",
        "les prix de l’alimentation affichent {delta}",
        "les créations d’entreprises ont atteint un niveau record {period}",
        "la part de l’industrie dans l’économie est tombée à {pct:9,14}",
        "{num:200,9000} commerces de centre-ville ont fermé {place} en cinq ans",
        "les exportations de vin vers {country} ont reculé de {pct:3,22}",
        "le taux d’épargne des ménages atteint {pct:15,19}",
        "les recettes de la TVA ont progressé de {amount} {period}",
    ),
    "santé": (
        "{num:300,6000} lits d’hôpital ont été fermés en {year}",
        "le délai moyen pour obtenir un rendez-vous chez un ophtalmologiste est de "
        "{int:20,190} jours {place}",
        "la couverture vaccinale contre la grippe ne dépasse pas {pct:40,62} chez les plus "
        "de 65 ans",
        "près d’un Français sur {pick:trois|quatre|cinq} renonce à se soigner pour des "
        "raisons financières",
        "les passages aux urgences ont augmenté de {pct:3,30} {place}",
        "{num:2000,25000} médecins généralistes partiront à la retraite d’ici {future}",
        "le nombre de cas de dengue a été multiplié par {pick:deux|trois|quatre|dix} {place}",
        "la consommation d’antibiotiques a reculé de {pct:5,30} en dix ans",
        "{pct:6,30} des Français vivent dans un désert médical",
        "le budget de la Sécurité sociale affiche un trou de {amount}",
        "l’espérance de vie a atteint {int:79,86} ans {period}",
        "les cas de rougeole ont triplé en Europe l’an dernier",
        "un infirmier sur {pick:deux|trois|quatre} envisage de quitter la profession",
        "la maternité {city_de} réalise moins de {num:300,1200} accouchements par an",
        "les dépassements d’honoraires ont atteint {amount} {period}",
        "le prix des complémentaires santé augmentera de {pct:3,9} au 1er janvier",
    ),
    "environnement": (
        "les émissions de gaz à effet de serre ont reculé de {pct:1,9} en {year}",
        "les énergies renouvelables représentent {pct:15,45} de la production d’électricité",
        "la sécheresse a touché {num:200,9000} communes l’été dernier",
        "le prix de l’électricité augmentera de {pct:2,15} au 1er février",
        "{num:500,40000} hectares de forêt ont brûlé {place} en {year}",
        "le niveau des nappes phréatiques est inférieur à la normale dans {pct:20,80} des "
        "points de mesure",
        "la France a raccordé {int:20,400} éoliennes en mer depuis {year}",
        "le parc nucléaire a produit {int:280,390} térawattheures l’an dernier",
        "la température moyenne a dépassé de {dec:0.5,2.5}~°C les normales de saison",
        "{pct:10,60} des cours d’eau {place} sont en mauvais état écologique",
        "les ventes de voitures électriques ont progressé de {pct:5,45} {period}",
        "la consommation de gaz a baissé de {pct:3,20} grâce à la sobriété",
        "le recul du trait de côte menace {num:500,50000} logements d’ici {future}",
        "{num:100,5000} tonnes de déchets plastiques sont ramassées chaque année sur le littoral",
        "la population d’oiseaux des champs a chuté de {pct:20,60} en trente ans",
        "le prix du bois de chauffage a doublé {place}",
    ),
    "logement": (
        "les mises en chantier de logements neufs ont chuté de {pct:5,35} sur un an",
        "le prix moyen du mètre carré atteint {num:1800,11000} euros {anycity}",
        "{num:2000,330000} personnes sont sans domicile {place}",
        "les loyers ont progressé de {pct:1,9} {city} depuis l’encadrement",
        "{num:40000,120000} logements sociaux ont été financés en {year}",
        "le nombre de demandes de logement social a dépassé {num:2000000,2800000}",
        "un logement sur {pick:cinq|six|huit|dix} est une passoire thermique {place}",
        "les ventes de logements anciens ont reculé de {pct:5,25} {period}",
        "les taux des crédits immobiliers sont redescendus à {pct:2.8,4.4}",
        "{num:1000,90000} logements sont vacants {city}",
        "les expulsions locatives ont augmenté de {pct:5,30} {period}",
        "les aides à la rénovation énergétique ont financé {num:50000,700000} chantiers",
    ),
    "éducation": (
        "{num:500,4000} postes d’enseignants restent vacants à la rentrée",
        "le niveau en mathématiques des élèves de quatrième a baissé de {int:5,30} points "
        "en dix ans",
        "{pct:70,95} des lycéens ont reçu une proposition sur Parcoursup dès le premier jour",
        "le budget de l’Éducation nationale a augmenté de {amount} en {year}",
        "{num:50,1800} classes fermeront à la rentrée {place}",
        "un élève sur {pick:cinq|six|dix} déclare avoir subi du harcèlement",
        "le salaire des enseignants débutants a progressé de {pct:5,15} depuis {year}",
        "les classes de CP sont limitées à {int:12,24} élèves dans les quartiers prioritaires",
        "le taux de réussite au baccalauréat a atteint {pct:84,96} cette année",
        "{num:1000,40000} étudiants ont bénéficié du repas à un euro",
        "les écoles {place} ont perdu {num:500,9000} élèves en cinq ans",
        "{pct:10,35} des enseignants stagiaires démissionnent avant la titularisation",
    ),
    "sécurité": (
        "les cambriolages ont reculé de {pct:2,25} {city}",
        "{num:1000,10000} policiers et gendarmes supplémentaires seront déployés d’ici {future}",
        "les délais de jugement atteignent {int:9,30} mois devant les prud’hommes",
        "les prisons comptent {num:72000,82000} détenus pour {num:60000,62000} places",
        "les violences intrafamiliales signalées ont augmenté de {pct:5,20} {period}",
        "le nombre de caméras de vidéoprotection a doublé {city} depuis {year}",
        "les vols de voitures ont baissé de {pct:3,20} {place}",
        "{num:20,900} tonnes de cannabis ont été saisies {period}",
        "les escroqueries en ligne ont progressé de {pct:10,40} en un an",
        "les effectifs de la police municipale {city_de} ont doublé depuis {year}",
    ),
    "transports": (
        "le trafic ferroviaire a progressé de {pct:2,15} cet été",
        "{num:20,900} kilomètres de pistes cyclables ont été aménagés {place}",
        "un TER sur {pick:cinq|six|huit|dix} est arrivé en retard {period}",
        "la fréquentation des transports en commun {city} a retrouvé son niveau d’avant la "
        "crise sanitaire",
        "le prix des billets d’avion a bondi de {pct:5,30} sur les lignes intérieures",
        "la mortalité routière a baissé de {pct:2,12} {period}",
        "le projet de ligne à grande vitesse coûtera {amount}",
        "les bouchons ont coûté {amount} à l’économie régionale",
        "le nombre de voyageurs à l’aéroport {city_de} a chuté de {pct:5,40}",
        "{pct:30,70} des trajets domicile-travail de moins de cinq kilomètres se font en voiture",
    ),
    "agriculture": (
        "les revenus agricoles ont baissé de {pct:3,25} en {year}",
        "la France importe désormais {pct:30,70} des fruits et légumes qu’elle consomme",
        "{num:10000,100000} exploitations agricoles ont disparu en dix ans",
        "la production de blé a chuté de {pct:5,30} à cause des pluies",
        "un agriculteur sur {pick:quatre|cinq} vit sous le seuil de pauvreté",
        "les surfaces cultivées en bio ont reculé de {pct:1,8} {place}",
        "l’usage des pesticides a diminué de {pct:2,20} depuis {year}",
        "le prix du lait payé aux éleveurs a progressé de {int:2,60} euros les mille litres",
        "la moitié des agriculteurs {place} partiront à la retraite d’ici {future}",
        "les vendanges ont reculé de {pct:5,30} {region_in}",
    ),
    "social": (
        "la pension moyenne s’élève à {num:1400,1900} euros brut par mois",
        "le nombre d’allocataires du RSA a reculé de {pct:1,9} {period}",
        "l’écart de salaire entre les femmes et les hommes reste de {pct:4,24} à poste égal",
        "{num:300000,900000} apprentis ont signé un contrat en {year}",
        "le taux d’emploi des seniors atteint {pct:50,70}",
        "{num:3000000,9000000} personnes vivent sous le seuil de pauvreté",
        "les bénéficiaires de l’aide alimentaire sont {pick:deux|trois} fois plus nombreux "
        "qu’il y a dix ans",
        "le report de l’âge légal rapportera {amount} d’ici {future}",
        "{pct:10,40} des salariés {place} travaillent à temps partiel",
        "le minimum vieillesse a été revalorisé de {pct:1,6} au 1er avril",
        "les places en crèche manquent pour {num:100000,200000} enfants",
        "le nombre de travailleurs pauvres a augmenté de {pct:3,15} {period}",
    ),
}
_TOPIC_NAMES = tuple(_CLAIMS)
#: What articles are about.
TOPICS = _TOPIC_NAMES
_HEADLINE_LABELS = {
    "économie": _words("Chômage Inflation Dette_publique Pouvoir_d’achat Croissance Emploi"),
    "santé": _words("Hôpital Santé Urgences Déserts_médicaux Vaccination"),
    "environnement": _words("Climat Sécheresse Énergie Électricité Biodiversité"),
    "logement": _words("Logement Immobilier Loyers Logement_social"),
    "éducation": _words("Éducation Rentrée_scolaire Parcoursup Enseignants"),
    "sécurité": _words("Sécurité Justice Délinquance Prisons"),
    "transports": _words("Transports Ferroviaire Vélo Aérien Routes"),
    "agriculture": _words("Agriculture Élevage Pesticides Récoltes"),
    "social": _words("Retraites RSA Pauvreté Salaires Apprentissage"),
}
# Who speaks about each topic, besides people.
_TOPIC_VOICES = {
    "économie": (
        "l’Insee",
        "la Banque de France",
        "l’OFCE",
        "le FMI",
        "l’OCDE",
        "la Cour des comptes",
        "le Haut Conseil des finances publiques",
        "Eurostat",
        "la Banque centrale européenne",
        "France Travail",
        "le Medef",
        "la CPME",
        "la CGT",
        "la CFDT",
    ),
    "santé": (
        "l’OMS",
        "Santé publique France",
        "la Drees",
        "l’Assurance maladie",
        "la Haute Autorité de santé",
        "l’Inserm",
        "l’Anses",
        "le collectif Inter-Urgences",
        "les médecins généralistes",
        "la Cour des comptes",
    ),
    "environnement": (
        "l’Ademe",
        "Météo-France",
        "RTE",
        "l’Agence internationale de l’énergie",
        "l’Office français de la biodiversité",
        "plusieurs ONG environnementales",
        "la Commission européenne",
        "Eurostat",
    ),
    "logement": (
        "la Fédération française du bâtiment",
        "l’Insee",
        "la Caisse des dépôts",
        "les associations de locataires",
        "la Banque de France",
        "la Cour des comptes",
        "le Cerema",
        "les maires ruraux",
    ),
    "éducation": (
        "les syndicats enseignants",
        "les fédérations de parents d’élèves",
        "l’Insee",
        "la Cour des comptes",
        "l’OCDE",
        "la Drees",
    ),
    "sécurité": (
        "les syndicats de policiers",
        "la Cour des comptes",
        "le Conseil d’État",
        "l’Insee",
        "l’Arcom",
        "les élus de l’opposition",
    ),
    "transports": (
        "le Cerema",
        "l’Union des aéroports régionaux",
        "les transporteurs routiers",
        "l’Autorité de la concurrence",
        "la Cour des comptes",
        "l’Ademe",
        "les associations de consommateurs",
    ),
    "agriculture": (
        "la FNSEA",
        "la Confédération paysanne",
        "les jeunes agriculteurs",
        "l’Anses",
        "l’Insee",
        "la Commission européenne",
        "l’Office français de la biodiversité",
    ),
    "social": (
        "la Drees",
        "l’Insee",
        "le Conseil d’orientation des retraites",
        "la CGT",
        "la CFDT",
        "Force ouvrière",
        "l’intersyndicale",
        "l’Observatoire des inégalités",
        "l’Unédic",
        "France Travail",
    ),
}
_VOICES = {i.np: _Who(i.np, i.fem) for i in _INSTITUTIONS} | {
    np: _Who(np, fem, plural) for np, fem, plural, _short in _ORGANISATIONS
}
_TOPIC_PORTFOLIOS = {
    "économie": ("de l’Économie", "des Comptes publics", "de l’Industrie", "du Travail"),
    "santé": ("de la Santé", "des Solidarités"),
    "environnement": ("de la Transition écologique", "de l’Énergie"),
    "logement": ("du Logement", "de la Ville"),
    "éducation": ("de l’Éducation nationale", "de l’Enseignement supérieur"),
    "sécurité": ("de l’Intérieur", "de la Justice"),
    "transports": ("des Transports", "de la Transition écologique"),
    "agriculture": ("de l’Agriculture",),
    "social": ("du Travail", "des Solidarités", "des Comptes publics"),
}
_TOPIC_TAGS = {
    "économie": ("Économie", "Emploi", "Budget"),
    "santé": ("Santé", "Social"),
    "environnement": ("Environnement", "Climat", "Énergie"),
    "logement": ("Logement", "Social"),
    "éducation": ("Éducation", "Société"),
    "sécurité": ("Sécurité", "Justice"),
    "transports": ("Transports", "Régions"),
    "agriculture": ("Agriculture", "Environnement"),
    "social": ("Social", "Retraites", "Emploi"),
}
_DOMAINS = (
    "la santé",
    "l’éducation",
    "la transition écologique",
    "le logement",
    "les transports",
    "l’agriculture",
    "la sécurité",
    "l’emploi",
    "l’énergie",
    "la culture",
    "la recherche",
    "la défense",
    "la justice",
    "le sport",
    "le numérique",
    "la petite enfance",
    "la dépendance",
)
_SUBJECTS = (
    "la réforme des retraites",
    "l’assurance chômage",
    "le budget de la Sécurité sociale",
    "la loi de programmation militaire",
    "le projet de loi sur l’énergie",
    "la réforme du lycée professionnel",
    "le plan de sobriété",
    "la taxe foncière",
    "la carte scolaire",
    "le zéro artificialisation nette",
    "la tarification des transports",
    "la hausse des franchises médicales",
    "le chèque énergie",
    "la réforme de l’audiovisuel public",
)
_CAUSES = (
    "la hausse des prix de l’énergie",
    "le vieillissement de la population",
    "la fin des aides exceptionnelles",
    "un hiver particulièrement doux",
    "la baisse des mises en chantier",
    "le ralentissement de la demande chinoise",
    "les difficultés de recrutement",
    "la remontée des taux d’intérêt",
    "un changement de méthode statistique",
    "la fermeture de plusieurs sites industriels",
    "la sécheresse de l’été",
    "la revalorisation des salaires",
    "un effet de rattrapage après la crise sanitaire",
    "le départ à la retraite des générations du baby-boom",
    "les intempéries du printemps",
    "la chute du tourisme étranger",
)
_PROFESSIONS = _words(
    "infirmiers enseignants policiers magistrats médecins conducteurs_de_bus aides-soignants "
    "éducateurs gendarmes surveillants_pénitentiaires sapeurs-pompiers ingénieurs"
)
_NOUNS = (
    "un tournant",
    "une embellie",
    "un effondrement",
    "une crise durable",
    "un effet d’annonce",
    "une réussite",
    "un échec",
    "un rattrapage",
)
_ANNOUNCEMENTS = (
    "un plan de {amount} pour {domain}",
    "la création de {num:50,5000} postes {place}",
    "la fermeture de {num:10,400} classes à la rentrée",
    "une hausse de {pct:2,15} du budget consacré {a_domain}",
    "le déblocage d’une enveloppe de {amount}",
    "la suppression de {num:100,9000} emplois d’ici {future}",
    "l’ouverture de {num:50,3000} places d’hébergement d’urgence",
    "un moratoire sur {subject}",
    "le report {de_subject} à {future}",
    "la construction de {num:100,9000} logements sociaux {place}",
    "un gel des tarifs des transports jusqu’en {future}",
    "le recrutement de {num:50,3000} {profession}",
    "la fin du dispositif dès le {daymonth}",
)
_FIGURES = (
    "{pct:1,40}",
    "{amount}",
    "{num:500,90000} emplois",
    "{num:100,20000} postes",
    "{delta}",
    "{num:1000,500000} bénéficiaires",
    "une hausse de {dec:1.1,1.9} point",
)

# --- Quotations ------------------------------------------------------------------------------

_QUOTES = (
    "Nous avons créé plus de {num:500,90000} emplois en {year}",
    "Ce chiffre ne correspond à aucune réalité",
    "Jamais un gouvernement n’a autant investi dans {domain}",
    "Nous ne céderons pas sur {subject}",
    "Il faut arrêter de dire {que_claim}",
    "La situation s’est nettement améliorée {place}",
    "Les chiffres parlent d’eux-mêmes",
    "Nous serons au rendez-vous",
    "C’est une première en Europe",
    "Le compte n’y est pas",
    "Nous demandons simplement le respect des engagements pris",
    "Personne ne peut sérieusement prétendre {que_claim}",
    "{Claim}, c’est un fait",
    "Nous irons jusqu’au bout",
    "Ce plan arrive trop tard pour les {profession}",
    "Les moyens promis n’ont jamais été versés",
    "Notre priorité reste {domain}",
    "Il n’y a pas d’argent magique",
    "Nous ne laisserons personne au bord de la route",
    "Ce sont {amount} qui manquent chaque année",
    "Les habitants {city_de} méritent mieux que des promesses",
    "Nous avons tenu nos engagements",
    "Cette mesure est injuste et inefficace",
    "La hausse sera limitée à {pct:1,5} pour les ménages modestes",
    "Nous avons besoin de {num:100,5000} {profession} de plus",
)
_EXCLAMATIONS = (
    "C’est inacceptable",
    "C’est un scandale",
    "Assez de promesses",
    "Nous ne lâcherons rien",
    "Il était temps",
    "C’est une victoire pour tous les salariés",
    "Quelle hypocrisie",
)
_QQUESTIONS = (
    "Où sont passés les {amount} promis",
    "Qui va payer la facture",
    "Comment peut-on parler de reprise",
    "Pourquoi attendre encore",
    "Que fait l’État",
    "Combien de temps faudra-t-il attendre",
    "Qui peut croire {que_claim}",
)

# --- Sentences -------------------------------------------------------------------------------

_CLAIM_VERBS = (
    "affirmé",
    "assuré",
    "estimé",
    "soutenu",
    "rappelé",
    "indiqué",
    "déclaré",
    "expliqué",
    "souligné",
    "martelé",
    "reconnu",
    "avancé",
    "répété",
    "fait valoir",
    "laissé entendre",
    "jugé",
    "confirmé",
    "prévenu",
    "insisté sur le fait",
    "affirmé sans détour",
)
_QUOTE_VERBS = (
    "a déclaré",
    "a assuré",
    "a affirmé",
    "a lancé",
    "a estimé",
    "a prévenu",
    "a résumé",
    "a tranché",
    "a déploré",
    "a insisté",
    "a ironisé",
    "a reconnu",
)
_PLACE_OPENERS = ("{City}", "{Region_in}", "{Dept_in}", "En France", "Dans l’Hexagone")
# Openers that link a sentence to the previous one and say nothing of the claim.
_CONNECTORS = (
    "Par ailleurs",
    "Dans le même temps",
    "En revanche",
    "Pourtant",
    "À titre de comparaison",
    "De fait",
    "Au total",
    "Dans le détail",
    "Sur le terrain",
    "Dans les faits",
    "Selon les dernières estimations",
    "D’après nos informations",
)
_OPENERS = (
    "En {year}",
    "Le {daymonth}",
    "Depuis {year}",
    "Au premier semestre",
    "Sur un an",
    "Toujours selon {institution}",
    *_CONNECTORS,
)
# (weight, templates)
_SENTENCES = (
    (14, ("{Who} {aux} {claimverb}{when_opt} {que_claim}.",)),
    (10, ("{pick:Selon|D’après|Pour|À en croire} {who}, {claim}.",)),
    (6, ("D’après les chiffres publiés {when} par {institution}, {claim}.",)),
    (8, ("{quote}, {inverted}.",)),
    (
        4,
        (
            "{Who} {aux} {pick:déclaré|lancé|résumé|prévenu|tranché|réagi|assuré}{when_opt}~: "
            "{quote_stop}",
        ),
    ),
    (2, ("{qquestion} {pl:s’est|se sont} interrogé{e} {who}.",)),
    (
        3,
        (
            "Faut-il pour autant parler {de_noun}~?",
            "Comment expliquer un tel écart~?",
            "Ces chiffres sont-ils fiables~?",
            "Qu’en est-il réellement~?",
            "Cette promesse est-elle tenable~?",
            "Le chiffre avancé par {who} est-il exact~?",
            "Où en est-on {place}~?",
            "Pourquoi un tel décalage entre les annonces et la réalité~?",
            "Qui financera {pick:ces mesures|ce plan|la réforme|les travaux}~?",
            "La situation est-elle meilleure {country_in}~?",
            "Que disent vraiment les chiffres~?",
        ),
    ),
    (
        5,
        (
            "Ce chiffre est contesté par {who}, qui évoque plutôt {figure}.",
            "{Who} {aux} dénoncé {when} un «~{pick:mensonge|tour de passe-passe|habillage "
            "comptable|trompe-l’œil}~» et {pl:réclame|réclament} des chiffres détaillés.",
            "Le chiffre de {figure}, avancé par {who}, ne correspond pas aux dernières données "
            "{de_institution}.",
            "Une version que conteste {other}.",
        ),
    ),
    (12, ("{opener}, {claim}.",)),
    (3, ("{Who} {aux} reconnu {que_claim}, tout en assurant {que_claim}.",)),
    (4, ("Interrogé{e:person} par {outlet}, {who} {aux} {claimverb} {que_claim}.",)),
    (4, ("{Who} {aux} pour {pl:sa|leur} part {claimverb} {que_claim}.",)),
    (
        5,
        (
            "Cette hausse s’explique notamment par {cause}.",
            "Ce recul tient en grande partie {a_cause}.",
            "Les experts y voient l’effet {de_cause}.",
            "L’écart s’explique surtout par {cause}, selon {institution}.",
        ),
    ),
    (
        4,
        (
            "La mesure doit entrer en vigueur le {daymonth} {future}.",
            "Le texte sera examiné au Sénat {when_future}.",
            "Un décret est attendu d’ici la fin de l’année.",
            "Une nouvelle réunion doit se tenir {when_future} à la préfecture.",
            "Les premiers versements sont prévus pour {month} prochain.",
            "Le conseil municipal {city_de} se prononcera le {daymonth}.",
            "Un premier bilan sera présenté en {future}.",
        ),
    ),
    (
        4,
        (
            "Un rapport {de_institution} publié {when} fait état de {num:50,9000} suppressions "
            "de postes.",
            "Un rapport {de_institution} publié {when} évoque une baisse de {pct:2,30} des "
            "effectifs.",
            "La dernière note {de_institution} chiffre le coût de la mesure à {amount}.",
            "Une étude {de_institution} parue {when} estime {que_claim}.",
        ),
    ),
    (
        3,
        (
            "{City}, {num:300,40000} personnes ont manifesté {when} à l’appel {de_org}.",
            "Les chiffres de la police font état de {num:300,20000} manifestants, contre "
            "{num:20000,90000} selon les organisateurs.",
            "{Who:org} {pl:appelle|appellent} à une nouvelle journée de mobilisation le "
            "{daymonth}.",
        ),
    ),
    (7, ("{Who} {aux} annoncé{when_opt} {announcement}.",)),
)
_SENTENCE_TEMPLATES = tuple(templates for _, templates in _SENTENCES)
_SENTENCE_WEIGHTS = tuple(weight for weight, _ in _SENTENCES)


def _sentence(rng: random.Random, ctx: _Ctx) -> str:
    templates = rng.choices(_SENTENCE_TEMPLATES, weights=_SENTENCE_WEIGHTS)[0]
    return _choose(rng, ctx, templates)


def sentence(rng: random.Random, *, topic: str | None = None) -> str:
    """One sentence of news copy, with its final punctuation."""
    return _sentence(rng, _context(rng, topic))


# --- Headlines, paragraphs, articles ---------------------------------------------------------

_HEADLINE_VERBS = (
    "{pl:annonce|annoncent} un plan de {amount}",
    "{pl:confirme|confirment} une hausse de {pct:1,15}",
    "{pl:dénonce|dénoncent} la fermeture de {num:10,400} classes",
    "{pl:promet|promettent} {num:50,5000} postes supplémentaires",
    "{pl:conteste|contestent} les chiffres du gouvernement",
    "{pl:revoit sa|revoient leur} prévision de croissance à {pct:0.2,1.8}",
    "{pl:alerte|alertent} sur la hausse des {pick:loyers|prix|impayés|faillites|arrêts maladie}",
    "{pl:publie|publient} un rapport sévère sur {subject}",
    "{pl:réclame|réclament} {amount} de plus",
    "{pl:s’inquiète|s’inquiètent} {de_cause}",
)
_HEADLINES = (
    "{label}~: {short} {verb}",
    "{City}, {short} {verb}",
    "{label} {future}~: ce que contient le plan de {amount}",
    "Le chiffre de {figure} avancé par {short} est-il exact~?",
    "{Short} {verb}",
    "«~{quoteword}~»~: {short} {verb}",
    "Vrai ou faux~: {claim}",
    "{label}~: {claim}",
    "{label} {place}~: ce qu’il faut savoir",
    "Pourquoi {claim}",
    "{label}~: {num:50,5000} {profession} manquent à l’appel {place}",
)


def _headline(rng: random.Random, ctx: _Ctx) -> str:
    state = _State()
    state.who = _speaker(rng, ctx)
    template = _pick(rng, _HEADLINES)
    template = template.replace("{verb}", _pick(rng, _HEADLINE_VERBS)).replace(
        "{quoteword}", _pick(rng, _QUOTES)
    )
    if "{claim}" in template:  # on the article's own topic
        template = template.replace("{claim}", _choose(rng, ctx, _CLAIMS[ctx.topic]))
    return _fill(rng, ctx, template, state)[:300]


def headline(rng: random.Random, *, topic: str | None = None) -> str:
    """A headline: one line, no final full stop (sometimes a question mark)."""
    return _headline(rng, _context(rng, topic))


def _paragraph_sizes(rng: random.Random, sentences: int) -> list[int]:
    """Sentences per paragraph, 2 to 5 each (1 only for a one-sentence text)."""
    sizes = []
    left = sentences
    while left > 0:
        options = [k for k in range(2, min(5, left) + 1) if left - k != 1]
        k = _pick(rng, options) if options else left
        sizes.append(k)
        left -= k
    return sizes


def paragraph_sentences(
    rng: random.Random, *, sentences: int, topic: str | None = None
) -> list[str]:
    """The sentences of one paragraph (joined by a space, they make the paragraph)."""
    ctx = _context(rng, topic)
    return [_sentence(rng, ctx) for _ in range(sentences)]


def paragraph(rng: random.Random, *, sentences: int, topic: str | None = None) -> str:
    return " ".join(paragraph_sentences(rng, sentences=sentences, topic=topic))


def article_paragraphs(
    rng: random.Random, *, sentences: int, topic: str | None = None
) -> tuple[str, list[list[str]]]:
    """A headline and the article's paragraphs, each a list of 2 to 5 sentences:
    ``sentences`` body sentences in all, the headline not counted."""
    ctx = _context(rng, topic)
    title = _headline(rng, ctx)
    paragraphs = []
    for size in _paragraph_sizes(rng, sentences):
        paragraphs.append([_sentence(rng, ctx) for _ in range(size)])
        if rng.random() < 0.02:
            ctx = _context(rng)  # a long text moves on to other subjects
    return title, paragraphs


def article_text(
    rng: random.Random, *, sentences: int, topic: str | None = None
) -> tuple[str, list[str]]:
    """A headline and its paragraphs (each a line of 2 to 5 sentences)."""
    title, paragraphs = article_paragraphs(rng, sentences=sentences, topic=topic)
    return title, [" ".join(p) for p in paragraphs]


def topic_tags(rng: random.Random, topic: str) -> list[str]:
    """One to three tags for an article on ``topic`` (one of :data:`TOPICS`)."""
    pool = _TOPIC_TAGS[topic]
    tags = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
    if rng.random() < 0.4:
        tags.append(_pick(rng, ("Vérification", "Chiffres", "Politique", "Régions")))
    return list(dict.fromkeys(tags))


def byline(rng: random.Random, publisher: str, *, year: int | None = None) -> str:
    """ "Le Fil de l’Éco - 20 août 2025 11:35" """
    year = year or rng.randint(2023, 2025)
    return (
        f"{publisher} - {rng.randint(1, 28)} {_pick(rng, MONTHS)} {year} "
        f"{rng.randint(6, 23):02d}:{rng.randrange(60):02d}"
    )


def slug(text: str, words: int = 8) -> str:
    """ASCII words of ``text`` joined by hyphens, for URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words]) or "article"


def text_of_size(rng: random.Random, nbytes: int) -> str:
    """A plain-text article of about ``nbytes`` UTF-8 bytes in the layout of
    ``samples/*.txt``: headline, byline, paragraphs separated by blank lines, then a
    ``Source:`` line and ``#Tag`` lines."""
    ctx = _context(rng)
    publisher, domain = _pick(rng, PUBLISHERS)
    title = _headline(rng, ctx)
    url = f"https://www.{domain}/{slug(title)}-{rng.randrange(10**6, 10**7)}.html"
    tags = " ".join("#" + tag for tag in rng.sample(TAGS, 2))
    head = f"{title}\n\n{byline(rng, publisher)}\n\n"
    tail = f"\n\nSource: {url}\n\n{tags}\n"
    parts = [head]
    size = len(head.encode()) + len(tail.encode())
    first = True
    while True:
        text = " ".join(_sentence(rng, ctx) for _ in range(rng.randint(2, 5)))
        extra = len(text.encode()) + (0 if first else 2)
        if not first and size + extra > nbytes:
            break
        parts.append(text if first else "\n\n" + text)
        size += extra
        first = False
        if rng.random() < 0.05:
            ctx = _context(rng)
    parts.append(tail)
    return "".join(parts)


# --- Claims, claimants, verdicts, evidence ---------------------------------------------------

_LOWER_FIRST = re.compile(
    r"^(?:Le|La|Les|L’|Un|Une|Des|Du|Ce|Cette|Ces|Selon|D’après|Pour|En|Dans|Depuis|Sur"
    r"|Au|Aux|Par|Près|Plus|Toujours|Or|De|Il|Elle|Nous|Jamais|Personne|Notre)\b"
)


def _plain(quote: str) -> str:
    """A quote as a plain statement: no quotation marks around it, no final stop."""
    text = " ".join(quote.replace(NBSP, " ").split())
    text = text.strip("«» ").rstrip(".!? »")
    return text or quote.strip()


def claim_restatement(rng: random.Random, quote: str) -> str:
    """The claim restated plainly by a reviewer, from the highlighted quote."""
    text = _plain(quote)
    for marker in (" que ", " qu’"):
        at = text.rfind(marker)
        if at > 0 and len(text) - at > 25:
            text = _cap(text[at + len(marker) :].split(", tout en assurant")[0])
            break
    else:
        for opener in ("Selon ", "D’après ", "Pour ", "À en croire ", *_CONNECTORS):
            if text.startswith(opener) and ", " in text:
                text = _cap(text.split(", ", 1)[1])
                break
    low = text[:1].lower() + text[1:] if _LOWER_FIRST.match(text) else text
    restated = _pick(
        rng,
        (
            f"{text}.",
            f"{text}.",
            f"{text}.",
            f"L’article affirme {_que(low)}.",
            f"Il est affirmé {_que(low)}.",
            f"D’après l’article, {low}.",
            f"Affirmation vérifiée{NBSP}: {low}.",
        ),
    )
    return restated[:1000]


_NAME_RE = re.compile(
    r"\b(?:" + "|".join(sorted(set(_FIRST_M + _FIRST_F), key=len, reverse=True)) + r")"
    r" (?:Le |Da )?[A-ZÉ][\w’-]+"
)
_TITLE_RE = re.compile(r"\b(?:M\.|Mme) (?:Le |Da )?[A-ZÉ][\w’-]+")
_SHORT_NAMES = {i.np.lower(): i.short for i in _INSTITUTIONS} | {
    np.lower(): short for np, _fem, _plural, short in _ORGANISATIONS
}
_INSTITUTION_RE = re.compile(
    "|".join(re.escape(np) for np in sorted(_SHORT_NAMES, key=len, reverse=True)), re.IGNORECASE
)


def claimant(rng: random.Random, quote: str = "") -> str:
    """Who made the claim: the person or organisation ``quote`` names, if any, else a
    plausible one."""
    for pattern in (_NAME_RE, _TITLE_RE):
        m = pattern.search(quote)
        if m:
            return m.group()
    m = _INSTITUTION_RE.search(quote)
    if m:
        return _SHORT_NAMES.get(m.group().lower(), m.group())
    if rng.random() < 0.6:
        _fem, name, role = _context(rng, cast=1).cast[0]
        return f"{name}, {_bare(role)}"[:200]
    return _pick(rng, _INSTITUTIONS).short


_RATING_WORDS = {
    "true": ("exact", "confirmé par les données"),
    "mostly_true": ("globalement exact", "à nuancer"),
    "mixed": ("en partie exact", "à moitié vrai"),
    "mostly_false": ("largement exagéré", "plutôt faux"),
    "false": ("faux", "contredit par les chiffres"),
    "misleading": ("trompeur", "sorti de son contexte"),
    "unverifiable": ("invérifiable en l’état", "impossible à confirmer"),
}
_DOC_TYPES = (
    "Note de conjoncture",
    "Rapport annuel",
    "Communiqué de presse",
    "Tableau de bord",
    "Bulletin épidémiologique",
    "Étude",
    "Enquête",
    "Rapport public thématique",
    "Chiffres clés",
    "Bilan",
    "Note d’analyse",
    "Données trimestrielles",
)
_DOC_SUBJECTS = (
    "sur l’emploi",
    "sur le logement",
    "sur les finances publiques",
    "sur la santé des Français",
    "sur l’inflation",
    "sur la qualité de l’eau",
    "sur les retraites",
    "sur la délinquance",
    "sur les transports",
    "sur les revenus agricoles",
    "sur la pauvreté",
    "sur l’énergie",
    "sur l’éducation",
    "sur les inégalités territoriales",
)
_LINK_TEXTS = (
    "la note complète",
    "les données détaillées",
    "le rapport",
    "la série statistique",
    "le communiqué",
    "la publication officielle",
    "le tableau de bord",
)
_SECTIONS = ("fr/statistiques", "publications", "actualites", "etudes", "donnees")


def _source_document(rng: random.Random) -> tuple[str, str, str]:
    """(publisher, title, https URL) of an official source."""
    institution = _pick(rng, _INSTITUTIONS)
    edition = _pick(rng, ("édition", "données", "bilan"))
    title = (
        f"{_pick(rng, _DOC_TYPES)} {_pick(rng, _DOC_SUBJECTS)}, {edition} {rng.randint(2019, 2025)}"
    )
    url = (
        f"https://{institution.domain}/{_pick(rng, _SECTIONS)}/{slug(title, 6)}-"
        f"{rng.randrange(10**5, 10**7)}"
    )
    return institution.short, title, url


_RATIONALE_OPENINGS = (
    "C’est **{word}**~: {claim}, d’après {institution}.",
    "Le chiffre avancé est **{phrase}**, car {claim}.",
    "Verdict~: **{word}**, les dernières données montrent {que_claim}.",
)
_RATIONALE_SOURCES = (
    "Les dernières données disponibles, consultables dans {link}, indiquent {figure}.",
    "Le détail figure dans {link} ({publisher}, {year}).",
    "Source~: {link}.",
)
_RATIONALE_EXTRAS = (
    "{Institution} précise que la méthode de calcul a changé en {year}.",
    "La comparaison avec {country} ne tient pas compte **{de_cause}**.",
    "Contacté, le cabinet du ministre n’a pas répondu à nos sollicitations.",
    "L’écart s’explique surtout par **{cause}**.",
    "Les chiffres {place} vont dans le même sens.",
)


def rationale(rng: random.Random, rating: str | None = None, *, topic: str | None = None) -> str:
    """Why a verdict: 2 to 4 sentences of Markdown, with **bold** and one link. ``rating``
    is one of the verdict ratings (``false``, ``mostly_true``…), ``topic`` one of
    :data:`TOPICS`."""
    ctx = _context(rng, topic, cast=1)
    word, phrase = _RATING_WORDS.get(rating or "", _pick(rng, tuple(_RATING_WORDS.values())))
    publisher, _title, url = _source_document(rng)
    link = f"[{_pick(rng, _LINK_TEXTS)}]({url})"
    opening = _pick(rng, _RATIONALE_OPENINGS).replace("{word}", word).replace("{phrase}", phrase)
    source = _pick(rng, _RATIONALE_SOURCES).replace("{publisher}", publisher)
    templates = [opening, source, *rng.sample(_RATIONALE_EXTRAS, rng.randint(0, 2))]
    # The link goes in last: its URL is not a template.
    text = " ".join(_fill(rng, ctx, t.replace("{link}", "\x00")) for t in templates)
    return text.replace("\x00", link)


_STANCES = ("supports", "refutes", "context")


def evidence(rng: random.Random, stance: str | None = None, *, topic: str | None = None) -> dict:
    """A source: ``url`` (https), ``title``, ``publisher``, ``published_on`` (a date or
    None), ``quote`` (the passage that matters) and ``stance`` (supports, refutes,
    context)."""
    ctx = _context(rng, topic, cast=1)
    publisher, title, url = _source_document(rng)
    if rng.random() < 0.15:
        publisher, domain = _pick(rng, PUBLISHERS)
        title = _headline(rng, ctx)
        url = f"https://www.{domain}/{slug(title)}-{rng.randrange(10**6, 10**7)}.html"
    published_on = None
    if rng.random() < 0.85:
        published_on = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(1300))
    return {
        "url": url,
        "title": title[:300],
        "publisher": publisher,
        "published_on": published_on,
        "quote": _sentence(rng, ctx) if rng.random() < 0.9 else "",
        "stance": stance or rng.choices(_STANCES, weights=(4, 4, 3))[0],
    }


_CORRECTION_NOTES = (
    "La première version citait des chiffres de {year}~; elle a été mise à jour avec les "
    "données publiées {when} par {institution}.",
    "Correction~: le chiffre de {figure} portait sur {region_in} et non sur l’ensemble du "
    "territoire.",
    "Nous avions attribué ce chiffre à {institution}~; il provient en réalité d’une étude "
    "{de_institution}.",
    "La note a été révisée après la publication de nouvelles données le {daymonth}.",
    "Une erreur de calcul a été corrigée~: l’écart réel est de {pct:0.5,9}.",
)
_RETRACTION_NOTES = (
    "Cette vérification reposait sur une citation mal attribuée~; nous la retirons.",
    "La source principale de cette vérification a été retirée par {institution}.",
    "L’article vérifié a été modifié depuis et ne contient plus cette affirmation.",
    "Ce contenu faisait doublon avec une autre vérification, qui reste en ligne.",
    "Les données utilisées se sont révélées incomplètes~; une nouvelle vérification suivra.",
)
_REVIEW_COMMENTS = (
    "Merci d’ajouter une source primaire plutôt qu’un article de presse.",
    "La note ne répond pas à l’affirmation telle qu’elle est formulée.",
    "Le chiffre {de_institution} date de {year}~: y a-t-il plus récent~?",
    "Préciser la période et le périmètre géographique, s’il vous plaît.",
    "Le verdict me semble trop sévère au vu des sources citées.",
)
_APPROVAL_COMMENTS = ("", "", "", "Validé.", "Bon travail, merci.", "OK pour publication.")


def correction_note(rng: random.Random) -> str:
    """The public note of a corrected verdict: what changed and why."""
    return _choose(rng, _context(rng, cast=1), _CORRECTION_NOTES)


def retraction_note(rng: random.Random) -> str:
    """The public note of a retracted claim."""
    return _choose(rng, _context(rng, cast=1), _RETRACTION_NOTES)


def review_comment(rng: random.Random, *, approved: bool) -> str:
    """A moderator's comment: often empty on approval, never when sending back."""
    if approved:
        return _pick(rng, _APPROVAL_COMMENTS)
    return _choose(rng, _context(rng, cast=1), _REVIEW_COMMENTS)
