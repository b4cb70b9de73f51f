"""Build the claim-matching evaluation set: fact-checks and queries in French and English.

Run from the repository root: ``python tests/data/matching/generate.py``. The output
(``factchecks.jsonl`` and ``queries.jsonl`` beside this file) is the same on every run:
one seeded random generator, no clock, no hash of Python objects.

What it models: a base of published fact-checks (ours and other organisations'), each a
claim as fact-checkers write it (often attributed: "A viral post claims…", « Selon un
député, … »), and the claims a reviewer types while annotating, restated plainly.

- A claim is a *proposition*: a frame (what is said) with its slots filled (which
  country, which year, which figure) and a polarity. Two fact-checks are about the same
  claim when frame, slot values and polarity are equal, whatever their language and
  wording. Every frame has three wordings per language, written to differ in vocabulary
  and structure, not only in word order.
- A figure changed is a different claim ("unemployment fell to 7 %" is not "… to 9 %"),
  and so is the negation. The base holds such twins on purpose, as distractors.
- Queries (kind): ``paraphrase`` (same language, another wording than every fact-check
  of the claim), ``translation`` (every relevant fact-check is in the other language),
  ``number`` (a claim whose figure-changed twin is in the base) and ``negation`` (a
  claim whose negation is in the base). ``relevant`` lists the fact-checks of the same
  claim; ``distractors`` the twins that must rank below them.
- ``split``: queries are cut in two halves by frame (``tune`` and ``heldout``), so that
  the held-out half asks about frames the tuning never saw.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
SEED = 20250917
INSTANCES_PER_FRAME = 24
BILINGUAL_SHARE = 0.22
NBSP_CHOICES = (" ", "\u00a0", "\u202f")

# --- Slot values -------------------------------------------------------------------------


def country(en, fr, fr_in, fr_de, en_in=None, en_pos=None):
    return SimpleNamespace(
        key=en,
        en=en,
        en_in=en_in or f"in {en}",
        en_pos=en_pos or f"{en}'s",
        fr=fr,
        fr_in=fr_in,
        fr_de=fr_de,
    )


COUNTRIES = [
    country("France", "la France", "en France", "de la France"),
    country("Germany", "l'Allemagne", "en Allemagne", "de l'Allemagne"),
    country("Spain", "l'Espagne", "en Espagne", "de l'Espagne"),
    country("Italy", "l'Italie", "en Italie", "de l'Italie"),
    country(
        "the United Kingdom",
        "le Royaume-Uni",
        "au Royaume-Uni",
        "du Royaume-Uni",
        en_pos="the United Kingdom's",
    ),
    country(
        "the United States",
        "les États-Unis",
        "aux États-Unis",
        "des États-Unis",
        en_pos="the United States'",
    ),
    country("Canada", "le Canada", "au Canada", "du Canada"),
    country("Belgium", "la Belgique", "en Belgique", "de la Belgique"),
    country("Switzerland", "la Suisse", "en Suisse", "de la Suisse"),
    country("Portugal", "le Portugal", "au Portugal", "du Portugal"),
    country(
        "the Netherlands",
        "les Pays-Bas",
        "aux Pays-Bas",
        "des Pays-Bas",
        en_pos="the Netherlands'",
    ),
    country("Sweden", "la Suède", "en Suède", "de la Suède"),
    country("Poland", "la Pologne", "en Pologne", "de la Pologne"),
    country("Greece", "la Grèce", "en Grèce", "de la Grèce"),
    country("Ireland", "l'Irlande", "en Irlande", "de l'Irlande"),
    country("Japan", "le Japon", "au Japon", "du Japon"),
    country("Brazil", "le Brésil", "au Brésil", "du Brésil"),
    country("Mexico", "le Mexique", "au Mexique", "du Mexique"),
    country("India", "l'Inde", "en Inde", "de l'Inde"),
    country("Australia", "l'Australie", "en Australie", "de l'Australie"),
    country("Morocco", "le Maroc", "au Maroc", "du Maroc"),
    country("Senegal", "le Sénégal", "au Sénégal", "du Sénégal"),
    country("Algeria", "l'Algérie", "en Algérie", "de l'Algérie"),
    country("Norway", "la Norvège", "en Norvège", "de la Norvège"),
    country("Denmark", "le Danemark", "au Danemark", "du Danemark"),
    country("Austria", "l'Autriche", "en Autriche", "de l'Autriche"),
    country("Nigeria", "le Nigeria", "au Nigeria", "du Nigeria"),
    country("South Africa", "l'Afrique du Sud", "en Afrique du Sud", "de l'Afrique du Sud"),
    country("Argentina", "l'Argentine", "en Argentine", "de l'Argentine"),
    country("Finland", "la Finlande", "en Finlande", "de la Finlande"),
]


def city(en, fr=None):
    fr = fr or en
    return SimpleNamespace(
        key=en, en=en, en_in=f"in {en}", fr=fr, fr_in=f"à {fr}", fr_de=f"de {fr}"
    )


CITIES = [
    city("Paris"),
    city("Lyon"),
    city("Marseille"),
    city("Toulouse"),
    city("Lille"),
    city("Bordeaux"),
    city("Nantes"),
    city("Strasbourg"),
    city("Nice"),
    city("Montpellier"),
    city("Rennes"),
    city("Grenoble"),
    city("Dijon"),
    city("Reims"),
    city("London", "Londres"),
    city("Manchester"),
    city("Birmingham"),
    city("Glasgow"),
    city("Liverpool"),
    city("New York"),
    city("Chicago"),
    city("Boston"),
    city("Montreal", "Montréal"),
    city("Brussels", "Bruxelles"),
    city("Geneva", "Genève"),
    city("Berlin"),
    city("Madrid"),
    city("Rome"),
    city("Lisbon", "Lisbonne"),
    city("Dakar"),
    city("Casablanca"),
    city("Naples", "Naples"),
]

MONTHS = [
    SimpleNamespace(key=en, en=en, fr=fr)
    for en, fr in [
        ("June", "juin"),
        ("July", "juillet"),
        ("August", "août"),
        ("September", "septembre"),
    ]
]

ELECTIONS = [
    SimpleNamespace(key=en, en=en, fr_a=fr_a)
    for en, fr_a in [
        ("general election", "aux élections législatives"),
        ("presidential election", "à l'élection présidentielle"),
        ("local elections", "aux élections municipales"),
        ("European elections", "aux élections européennes"),
        ("regional elections", "aux élections régionales"),
    ]
]

EVENTS = [
    SimpleNamespace(key=en, en=en, fr=fr)
    for en, fr in [
        ("the Olympic Games", "les Jeux olympiques"),
        ("the Winter Olympics", "les Jeux olympiques d'hiver"),
        ("the football World Cup", "la Coupe du monde de football"),
        ("the European football championship", "l'Euro de football"),
        ("the Rugby World Cup", "la Coupe du monde de rugby"),
        ("the World Athletics Championships", "les championnats du monde d'athlétisme"),
    ]
]


class Choice:
    """A slot filled from a list of entities."""

    def __init__(self, values):
        self.values = values

    def draw(self, rng):
        return rng.choice(self.values)

    def render(self, value, language, rng):
        return value

    def key(self, value):
        return value.key


@dataclass
class Number:
    """A slot holding a figure, written the way each language writes it.

    Figures are drawn from a coarse grid (``step``), and large ones are rounded to two
    significant digits, as claims usually state them ("40,000 asylum applications"): so
    several claims of a frame share a figure, and telling them apart takes the rest.
    """

    lo: float
    hi: float
    decimals: int = 0
    unit: str = ""  # "", "pct", "count", "bn", "eur", "deg"
    step: float = 1

    numeric = True

    def draw(self, rng):
        steps = round((self.hi - self.lo) / self.step)
        value = self.lo + self.step * rng.randrange(steps + 1)
        if not self.decimals:
            value = round(value)
            if value >= 1_000 and self.unit in ("count", "eur"):
                value = int(round(value, 2 - len(str(value))))
            return value
        return round(value, self.decimals)

    def key(self, value):
        return str(value)

    def digits(self, value, language, rng):
        if self.decimals and value != int(value):
            text = f"{value:.{self.decimals}f}".rstrip("0") if self.decimals > 1 else f"{value:.1f}"
            if self.unit == "eur" and self.decimals == 2:
                text = f"{value:.2f}"
            return text.replace(".", ",") if language == "fr" else text
        value = int(value)
        if value >= 1_000 and self.unit in ("count", "eur"):
            if language == "en":
                return f"{value:,}"
            return f"{value:,}".replace(",", rng.choice(NBSP_CHOICES))
        return str(value)

    def render(self, value, language, rng):
        n = self.digits(value, language, rng)
        space = rng.choice(NBSP_CHOICES)
        if self.unit == "pct":
            return f"{n}%" if language == "en" else f"{n}{space}%"
        if self.unit == "bn":
            if language == "en":
                return f"€{n} billion"
            return f"{n} milliard d'euros" if value < 2 else f"{n} milliards d'euros"
        if self.unit == "eur":
            if language == "en":
                return f"€{n}"
            return f"{n}{space}€" if rng.random() < 0.6 else f"{n} euros"
        if self.unit == "deg":
            return f"{n}°C" if language == "en" else f"{n}{space}°C"
        return n


def pct(lo, hi, decimals=0):
    return Number(lo, hi, decimals, "pct", 0.5 if decimals else 1)


def count(lo, hi, step=1):
    return Number(lo, hi, 0, "count", step)


def year(lo=2015, hi=2024):
    return Number(lo, hi)


def euros(lo, hi, step=1):
    return Number(lo, hi, 0, "eur", step)


def billions(lo, hi):
    return Number(lo, hi, 1, "bn", 0.5)


def plain(lo, hi, decimals=0):
    return Number(lo, hi, decimals, "", 0.1 if decimals else 1)


C = Choice(COUNTRIES)
CITY = Choice(CITIES)


@dataclass
class Frame:
    """One kind of claim: its slots, three wordings per language, and maybe its negation."""

    name: str
    topic: str
    slots: dict
    en: list[str]
    fr: list[str]
    neg_en: list[str] = field(default_factory=list)
    neg_fr: list[str] = field(default_factory=list)
    instances: int = INSTANCES_PER_FRAME
    viral: bool = False

    def wordings(self, language, negated):
        if negated:
            return self.neg_en if language == "en" else self.neg_fr
        return self.en if language == "en" else self.fr


# --- Frames with slots -------------------------------------------------------------------
# Wordings start in lower case where a common word opens them: the builder capitalizes a
# bare claim and keeps the case after an attribution ("A viral post claims that …").

FRAMES = [
    # Economy
    Frame(
        "unemployment",
        "economy",
        {"c": C, "year": year(), "p": pct(3, 14, 1)},
        en=[
            "unemployment {c.en_in} fell to {p} in {year}",
            "{c.en_pos} jobless rate dropped to {p} in {year}",
            "in {year}, the share of the workforce out of work {c.en_in} went down to {p}",
        ],
        fr=[
            "le chômage {c.fr_in} est tombé à {p} en {year}",
            "le taux de chômage {c.fr_de} a baissé jusqu'à {p} en {year}",
            "en {year}, la part des actifs sans emploi {c.fr_in} est descendue à {p}",
        ],
    ),
    Frame(
        "inflation",
        "economy",
        {"c": C, "year": year(), "p": pct(1, 12, 1)},
        en=[
            "inflation {c.en_in} reached {p} in {year}",
            "consumer prices {c.en_in} rose by {p} over {year}",
            "{c.en} recorded an inflation rate of {p} in {year}",
        ],
        fr=[
            "l'inflation {c.fr_in} a atteint {p} en {year}",
            "les prix à la consommation ont grimpé de {p} {c.fr_in} sur l'année {year}",
            "{c.fr} a connu une hausse des prix de {p} en {year}",
        ],
    ),
    Frame(
        "public_debt",
        "economy",
        {"c": C, "p": pct(40, 160)},
        en=[
            "{c.en_pos} public debt is above {p} of GDP",
            "government debt {c.en_in} now exceeds {p} of gross domestic product",
            "{c.en} owes more than {p} of its annual economic output",
        ],
        fr=[
            "la dette publique {c.fr_de} dépasse {p} du PIB",
            "l'endettement de l'État {c.fr_in} est désormais supérieur à {p} du produit intérieur brut",
            "{c.fr} doit plus de {p} de sa richesse produite en un an",
        ],
    ),
    Frame(
        "minimum_wage",
        "economy",
        {"c": C, "year": year(), "p": pct(1, 15, 1)},
        en=[
            "the minimum wage {c.en_in} went up by {p} in {year}",
            "{c.en} raised its statutory minimum pay by {p} in {year}",
            "in {year}, workers on the lowest legal wage {c.en_in} got a {p} rise",
        ],
        fr=[
            "le salaire minimum {c.fr_in} a augmenté de {p} en {year}",
            "{c.fr} a relevé de {p} sa rémunération minimale légale en {year}",
            "en {year}, les salariés payés au minimum légal {c.fr_in} ont obtenu une hausse de {p}",
        ],
    ),
    Frame(
        "gdp_growth",
        "economy",
        {"c": C, "year": year(), "p": pct(0.1, 5.5, 1)},
        en=[
            "{c.en_pos} economy grew by {p} in {year}",
            "GDP {c.en_in} expanded {p} in {year}",
            "economic growth {c.en_in} came in at {p} for {year}",
        ],
        fr=[
            "l'économie {c.fr_de} a progressé de {p} en {year}",
            "le PIB {c.fr_de} a augmenté de {p} en {year}",
            "la croissance {c.fr_in} s'est établie à {p} pour l'année {year}",
        ],
    ),
    Frame(
        "vat_food",
        "economy",
        {"c": C, "year": year(2020, 2024)},
        en=[
            "{c.en} scrapped VAT on fruit and vegetables in {year}",
            "since {year}, fresh produce {c.en_in} has been exempt from sales tax",
            "{c.en} abolished value added tax on fruit and veg in {year}",
        ],
        fr=[
            "{c.fr} a supprimé la TVA sur les fruits et légumes en {year}",
            "depuis {year}, les fruits et légumes frais {c.fr_in} sont exonérés de taxe sur la valeur ajoutée",
            "en {year}, {c.fr} a mis fin à la TVA sur les produits frais",
        ],
        neg_en=[
            "{c.en} did not scrap VAT on fruit and vegetables in {year}",
            "fresh produce {c.en_in} was never exempted from sales tax in {year}",
        ],
        neg_fr=[
            "{c.fr} n'a pas supprimé la TVA sur les fruits et légumes en {year}",
            "en {year}, les fruits et légumes frais {c.fr_in} n'ont jamais été exonérés de TVA",
        ],
        instances=14,
    ),
    Frame(
        "retirement_age",
        "economy",
        {"c": C, "age": plain(62, 70), "year": year(2026, 2040)},
        en=[
            "the retirement age {c.en_in} will rise to {age} by {year}",
            "{c.en} is pushing its pension age up to {age} by {year}",
            "by {year}, people {c.en_in} will have to work until {age} before drawing a state pension",
        ],
        fr=[
            "l'âge de la retraite {c.fr_in} passera à {age} ans d'ici {year}",
            "{c.fr} repousse l'âge légal de départ à {age} ans à l'horizon {year}",
            "d'ici {year}, il faudra travailler jusqu'à {age} ans {c.fr_in} pour toucher sa pension",
        ],
    ),
    Frame(
        "rich_tax",
        "economy",
        {"c": C, "p": pct(10, 60)},
        en=[
            "the richest 1% {c.en_in} pay {p} of all income tax",
            "{p} of income tax revenue {c.en_in} comes from the top one per cent of earners",
            "the top 1% of taxpayers {c.en_in} contribute {p} of the income tax collected",
        ],
        fr=[
            "les 1{sp}% les plus riches {c.fr_in} paient {p} de l'impôt sur le revenu",
            "{p} des recettes de l'impôt sur le revenu {c.fr_in} proviennent du 1{sp}% des plus hauts revenus",
            "le centile des contribuables les plus aisés {c.fr_in} acquitte {p} de l'impôt sur le revenu",
        ],
    ),
    Frame(
        "strikes",
        "economy",
        {"c": C, "n": count(50_000, 4_000_000, 1000), "year": year()},
        en=[
            "{n} working days were lost to strikes {c.en_in} in {year}",
            "industrial action cost {c.en} {n} working days in {year}",
            "in {year}, stoppages {c.en_in} added up to {n} days of work lost",
        ],
        fr=[
            "{n} journées de travail ont été perdues à cause des grèves {c.fr_in} en {year}",
            "les mouvements sociaux ont coûté {n} jours de travail {c.fr_in} en {year}",
            "en {year}, les arrêts de travail pour grève {c.fr_in} ont représenté {n} journées perdues",
        ],
    ),
    # Health
    Frame(
        "measles_vaccination",
        "health",
        {"c": C, "p": pct(60, 98)},
        en=[
            "only {p} of children {c.en_in} are vaccinated against measles",
            "measles vaccine coverage among children {c.en_in} is just {p}",
            "{c.en} has immunised no more than {p} of its children against measles",
        ],
        fr=[
            "seuls {p} des enfants {c.fr_in} sont vaccinés contre la rougeole",
            "la couverture vaccinale contre la rougeole chez les enfants {c.fr_in} n'atteint que {p}",
            "{c.fr} a immunisé à peine {p} de ses enfants contre la rougeole",
        ],
    ),
    Frame(
        "hospital_beds",
        "health",
        {"c": C, "n": count(2_000, 60_000, 100), "year": year()},
        en=[
            "{n} hospital beds were closed {c.en_in} in {year}",
            "{c.en} cut {n} hospital beds in {year}",
            "in {year}, hospitals {c.en_in} lost {n} beds",
        ],
        fr=[
            "{n} lits d'hôpital ont été fermés {c.fr_in} en {year}",
            "{c.fr} a supprimé {n} lits hospitaliers en {year}",
            "en {year}, les hôpitaux {c.fr_in} ont perdu {n} lits",
        ],
    ),
    Frame(
        "life_expectancy",
        "health",
        {"c": C, "age": plain(68, 85, 1), "year": year()},
        en=[
            "life expectancy {c.en_in} fell to {age} years in {year}",
            "in {year}, a newborn {c.en_in} could expect to live {age} years, down on the year before",
            "{c.en_pos} life expectancy dropped to {age} years in {year}",
        ],
        fr=[
            "l'espérance de vie {c.fr_in} est tombée à {age} ans en {year}",
            "en {year}, un nouveau-né {c.fr_in} pouvait espérer vivre {age} ans, en recul sur un an",
            "l'espérance de vie à la naissance {c.fr_de} a reculé à {age} ans en {year}",
        ],
    ),
    Frame(
        "gp_shortage",
        "health",
        {"city": CITY, "p": pct(5, 40), "year": year(2005, 2018)},
        en=[
            "{city.en} has lost {p} of its family doctors since {year}",
            "the number of GPs {city.en_in} has fallen by {p} since {year}",
            "since {year}, {p} of general practitioners {city.en_in} have gone",
        ],
        fr=[
            "{city.fr} a perdu {p} de ses médecins généralistes depuis {year}",
            "le nombre de médecins de famille {city.fr_in} a baissé de {p} depuis {year}",
            "depuis {year}, {p} des généralistes {city.fr_in} ont disparu",
        ],
    ),
    Frame(
        "obesity",
        "health",
        {"c": C, "p": pct(8, 42)},
        en=[
            "{p} of adults {c.en_in} are obese",
            "obesity affects {p} of the adult population {c.en_in}",
            "roughly {p} of grown-ups {c.en_in} are clinically obese",
        ],
        fr=[
            "{p} des adultes {c.fr_in} sont obèses",
            "l'obésité touche {p} de la population adulte {c.fr_in}",
            "environ {p} des adultes {c.fr_in} souffrent d'obésité",
        ],
    ),
    Frame(
        "energy_drinks",
        "health",
        {"c": C},
        en=[
            "{c.en} has banned the sale of energy drinks to minors",
            "teenagers {c.en_in} are now forbidden from buying energy drinks",
            "selling energy drinks to under-18s is now illegal {c.en_in}",
        ],
        fr=[
            "{c.fr} a interdit la vente de boissons énergisantes aux mineurs",
            "il est désormais interdit aux adolescents {c.fr_in} d'acheter des boissons énergisantes",
            "vendre des boissons énergisantes aux moins de 18 ans est désormais illégal {c.fr_in}",
        ],
        neg_en=[
            "{c.en} has not banned the sale of energy drinks to minors",
            "selling energy drinks to under-18s is not illegal {c.en_in}",
        ],
        neg_fr=[
            "{c.fr} n'a pas interdit la vente de boissons énergisantes aux mineurs",
            "vendre des boissons énergisantes aux moins de 18 ans n'est pas illégal {c.fr_in}",
        ],
        instances=14,
    ),
    # Climate
    Frame(
        "heat_record",
        "climate",
        {
            "city": CITY,
            "t": Number(36, 48, 1, "deg", 0.5),
            "month": Choice(MONTHS),
            "year": year(2015, 2024),
        },
        en=[
            "{city.en} recorded {t} in {month.en} {year}",
            "the thermometer hit {t} {city.en_in} in {month.en} {year}",
            "in {month.en} {year}, temperatures {city.en_in} climbed to {t}",
        ],
        fr=[
            "il a fait {t} à {city.fr} en {month.fr} {year}",
            "le thermomètre a affiché {t} {city.fr_in} en {month.fr} {year}",
            "en {month.fr} {year}, les températures sont montées jusqu'à {t} {city.fr_in}",
        ],
    ),
    Frame(
        "emissions",
        "climate",
        {"c": C, "p": pct(0.5, 12, 1), "year": year()},
        en=[
            "{c.en_pos} carbon emissions fell by {p} in {year}",
            "greenhouse gas output {c.en_in} dropped {p} in {year}",
            "in {year}, {c.en} cut its CO2 emissions by {p}",
        ],
        fr=[
            "les émissions de CO2 {c.fr_de} ont baissé de {p} en {year}",
            "les rejets de gaz à effet de serre {c.fr_in} ont reculé de {p} en {year}",
            "en {year}, {c.fr} a réduit ses émissions de carbone de {p}",
        ],
    ),
    Frame(
        "renewables",
        "energy",
        {"c": C, "p": pct(10, 95), "year": year()},
        en=[
            "renewables supplied {p} of {c.en_pos} electricity in {year}",
            "in {year}, {p} of the power generated {c.en_in} came from renewable sources",
            "wind, solar and hydro produced {p} of electricity {c.en_in} in {year}",
        ],
        fr=[
            "les énergies renouvelables ont fourni {p} de l'électricité {c.fr_de} en {year}",
            "en {year}, {p} du courant produit {c.fr_in} provenait de sources renouvelables",
            "l'éolien, le solaire et l'hydraulique ont produit {p} de l'électricité {c.fr_in} en {year}",
        ],
    ),
    Frame(
        "petrol_car_ban",
        "climate",
        {"c": C, "year": year(2025, 2040)},
        en=[
            "{c.en} will ban the sale of new petrol cars from {year}",
            "from {year}, it will be illegal to sell a new petrol or diesel car {c.en_in}",
            "{c.en} is outlawing sales of new combustion-engine cars starting in {year}",
        ],
        fr=[
            "{c.fr} interdira la vente de voitures neuves à essence à partir de {year}",
            "à partir de {year}, vendre une voiture neuve essence ou diesel sera illégal {c.fr_in}",
            "{c.fr} proscrit la vente de véhicules thermiques neufs dès {year}",
        ],
        neg_en=[
            "{c.en} will not ban the sale of new petrol cars from {year}",
            "selling a new petrol car {c.en_in} will not be illegal from {year}",
        ],
        neg_fr=[
            "{c.fr} n'interdira pas la vente de voitures neuves à essence à partir de {year}",
            "vendre une voiture neuve à essence ne sera pas illégal {c.fr_in} à partir de {year}",
        ],
        instances=16,
    ),
    Frame(
        "wildfires",
        "climate",
        {"c": C, "n": count(10_000, 900_000, 500), "year": year()},
        en=[
            "wildfires burned {n} hectares {c.en_in} in {year}",
            "in {year}, forest fires destroyed {n} hectares of land {c.en_in}",
            "{c.en} lost {n} hectares to wildfires in {year}",
        ],
        fr=[
            "les incendies ont ravagé {n} hectares {c.fr_in} en {year}",
            "en {year}, les feux de forêt ont détruit {n} hectares {c.fr_in}",
            "{c.fr} a perdu {n} hectares à cause des incendies en {year}",
        ],
    ),
    Frame(
        "glaciers",
        "climate",
        {"c": C, "p": pct(10, 60), "year": year(1960, 2000)},
        en=[
            "{c.en_pos} glaciers have lost {p} of their volume since {year}",
            "since {year}, the ice in {c.en_pos} glaciers has shrunk by {p}",
            "glaciers {c.en_in} are {p} smaller than they were in {year}",
        ],
        fr=[
            "les glaciers {c.fr_de} ont perdu {p} de leur volume depuis {year}",
            "depuis {year}, la glace des glaciers {c.fr_de} a fondu de {p}",
            "les glaciers {c.fr_in} sont {p} plus petits qu'en {year}",
        ],
        instances=14,
    ),
    # Elections
    Frame(
        "turnout",
        "elections",
        {"c": C, "el": Choice(ELECTIONS), "year": year(2014, 2024), "p": pct(30, 85)},
        en=[
            "turnout in the {year} {el.en} {c.en_in} was {p}",
            "only {p} of voters {c.en_in} cast a ballot in the {year} {el.en}",
            "participation in {c.en_pos} {year} {el.en} stood at {p}",
        ],
        fr=[
            "la participation {el.fr_a} de {year} {c.fr_in} a été de {p}",
            "seuls {p} des électeurs {c.fr_in} ont voté {el.fr_a} de {year}",
            "{p} des inscrits {c.fr_in} se sont déplacés {el.fr_a} de {year}",
        ],
    ),
    Frame(
        "dead_voters",
        "elections",
        {"city": CITY, "n": plain(40, 3000), "year": year(2014, 2024)},
        en=[
            "{n} dead people voted {city.en_in} in the {year} election",
            "ballots were cast in the names of {n} deceased voters {city.en_in} in {year}",
            "in the {year} vote, {n} people who had died were recorded as voting {city.en_in}",
        ],
        fr=[
            "{n} personnes décédées ont voté {city.fr_in} lors de l'élection de {year}",
            "des bulletins ont été déposés au nom de {n} électeurs morts {city.fr_in} en {year}",
            "lors du scrutin de {year}, {n} défunts figurent parmi les votants {city.fr_in}",
        ],
        viral=True,
    ),
    Frame(
        "voting_machines",
        "elections",
        {"c": C},
        en=[
            "{c.en} uses electronic voting machines in national elections",
            "national elections {c.en_in} are held on electronic voting machines",
            "voters {c.en_in} choose their national representatives on computerised machines",
        ],
        fr=[
            "{c.fr} utilise des machines à voter électroniques pour les élections nationales",
            "les élections nationales {c.fr_in} se déroulent sur des machines de vote électronique",
            "les électeurs {c.fr_in} désignent leurs élus nationaux sur des ordinateurs de vote",
        ],
        neg_en=[
            "{c.en} does not use electronic voting machines in national elections",
            "national elections {c.en_in} are never held on electronic voting machines",
        ],
        neg_fr=[
            "{c.fr} n'utilise pas de machines à voter électroniques pour les élections nationales",
            "les élections nationales {c.fr_in} ne se déroulent jamais sur des machines de vote électronique",
        ],
        instances=16,
    ),
    Frame(
        "women_parliament",
        "elections",
        {"c": C, "p": pct(12, 52)},
        en=[
            "women hold {p} of the seats in {c.en_pos} parliament",
            "{p} of members of parliament {c.en_in} are women",
            "female lawmakers make up {p} of the national assembly {c.en_in}",
        ],
        fr=[
            "les femmes occupent {p} des sièges au parlement {c.fr_de}",
            "{p} des parlementaires {c.fr_in} sont des femmes",
            "les élues représentent {p} de l'assemblée nationale {c.fr_in}",
        ],
    ),
    Frame(
        "voting_age",
        "elections",
        {"c": C, "year": year(2010, 2024)},
        en=[
            "{c.en} lowered the voting age to 16 in {year}",
            "since {year}, 16-year-olds {c.en_in} have been allowed to vote",
            "in {year}, {c.en} gave the vote to sixteen-year-olds",
        ],
        fr=[
            "{c.fr} a abaissé le droit de vote à 16 ans en {year}",
            "depuis {year}, les jeunes de 16 ans {c.fr_in} peuvent voter",
            "en {year}, {c.fr} a accordé le droit de vote dès seize ans",
        ],
        neg_en=[
            "{c.en} did not lower the voting age to 16 in {year}",
            "16-year-olds {c.en_in} have not been allowed to vote since {year}",
        ],
        neg_fr=[
            "{c.fr} n'a pas abaissé le droit de vote à 16 ans en {year}",
            "les jeunes de 16 ans {c.fr_in} ne peuvent pas voter depuis {year}",
        ],
        instances=14,
    ),
    # Migration
    Frame(
        "asylum",
        "migration",
        {"c": C, "n": count(5_000, 400_000, 100), "year": year()},
        en=[
            "{c.en} received {n} asylum applications in {year}",
            "in {year}, {n} people applied for asylum {c.en_in}",
            "asylum claims lodged {c.en_in} totalled {n} in {year}",
        ],
        fr=[
            "{c.fr} a reçu {n} demandes d'asile en {year}",
            "en {year}, {n} personnes ont demandé l'asile {c.fr_in}",
            "les demandes de protection déposées {c.fr_in} ont atteint {n} en {year}",
        ],
    ),
    Frame(
        "immigrant_share",
        "migration",
        {"c": C, "p": pct(2, 35, 1)},
        en=[
            "immigrants make up {p} of {c.en_pos} population",
            "{p} of people living {c.en_in} were born abroad",
            "the foreign-born share of the population {c.en_in} is {p}",
        ],
        fr=[
            "les immigrés représentent {p} de la population {c.fr_de}",
            "{p} des habitants {c.fr_in} sont nés à l'étranger",
            "la part de personnes nées hors du pays dans la population {c.fr_de} est de {p}",
        ],
    ),
    Frame(
        "asylum_allowance",
        "migration",
        {"c": C, "eur": euros(150, 1500, 5)},
        en=[
            "asylum seekers {c.en_in} receive {eur} a month in benefits",
            "{c.en} pays each asylum seeker an allowance of {eur} per month",
            "people seeking asylum {c.en_in} get {eur} every month from the state",
        ],
        fr=[
            "les demandeurs d'asile {c.fr_in} touchent {eur} par mois d'allocations",
            "{c.fr} verse à chaque demandeur d'asile une allocation de {eur} mensuels",
            "les personnes qui demandent l'asile {c.fr_in} reçoivent {eur} de l'État chaque mois",
        ],
        viral=True,
    ),
    Frame(
        "deportations",
        "migration",
        {"c": C, "n": count(1_000, 300_000, 50), "year": year()},
        en=[
            "{c.en} deported {n} people in {year}",
            "in {year}, {n} foreigners were removed from {c.en}",
            "the authorities {c.en_in} carried out {n} expulsions in {year}",
        ],
        fr=[
            "{c.fr} a expulsé {n} personnes en {year}",
            "en {year}, {n} étrangers ont été éloignés du territoire {c.fr_de}",
            "les autorités {c.fr_in} ont procédé à {n} reconduites à la frontière en {year}",
        ],
    ),
    Frame(
        "border_closed",
        "migration",
        {"c": C, "c2": C},
        en=[
            "{c.en} has closed its border with {c2.en}",
            "the border between {c.en} and {c2.en} has been shut by {c.en}",
            "{c.en} sealed off its frontier with {c2.en}",
        ],
        fr=[
            "{c.fr} a fermé sa frontière avec {c2.fr}",
            "la frontière entre {c.fr} et {c2.fr} a été fermée par {c.fr}",
            "{c.fr} a bouclé sa frontière avec {c2.fr}",
        ],
        neg_en=[
            "{c.en} has not closed its border with {c2.en}",
            "{c.en} did not seal off its frontier with {c2.en}",
        ],
        neg_fr=[
            "{c.fr} n'a pas fermé sa frontière avec {c2.fr}",
            "{c.fr} n'a pas bouclé sa frontière avec {c2.fr}",
        ],
        instances=14,
        viral=True,
    ),
    # Crime
    Frame(
        "homicides",
        "crime",
        {"city": CITY, "n": plain(12, 650), "year": year()},
        en=[
            "{city.en} recorded {n} murders in {year}",
            "there were {n} homicides {city.en_in} in {year}",
            "in {year}, {n} people were killed in criminal homicides {city.en_in}",
        ],
        fr=[
            "{city.fr} a enregistré {n} homicides en {year}",
            "on a compté {n} meurtres {city.fr_in} en {year}",
            "en {year}, {n} personnes ont été victimes d'homicide {city.fr_in}",
        ],
    ),
    Frame(
        "burglaries",
        "crime",
        {"c": C, "p": pct(2, 40, 1), "year": year()},
        en=[
            "burglaries {c.en_in} rose by {p} in {year}",
            "home break-ins {c.en_in} went up {p} in {year}",
            "in {year}, {c.en} saw a {p} increase in burglaries",
        ],
        fr=[
            "les cambriolages ont augmenté de {p} {c.fr_in} en {year}",
            "les vols dans les logements {c.fr_in} ont progressé de {p} en {year}",
            "en {year}, {c.fr} a connu une hausse de {p} des cambriolages",
        ],
    ),
    Frame(
        "prisoners",
        "crime",
        {"c": C, "n": count(8_000, 1_900_000, 100)},
        en=[
            "{c.en_pos} prisons hold {n} inmates",
            "there are {n} people behind bars {c.en_in}",
            "the prison population {c.en_in} stands at {n}",
        ],
        fr=[
            "les prisons {c.fr_de} comptent {n} détenus",
            "{n} personnes sont incarcérées {c.fr_in}",
            "la population carcérale {c.fr_de} s'élève à {n} prisonniers",
        ],
    ),
    Frame(
        "police_cuts",
        "crime",
        {"c": C, "n": count(1_000, 40_000, 100), "year": year(2005, 2018)},
        en=[
            "{c.en} has cut {n} police jobs since {year}",
            "since {year}, {n} police officer posts have been axed {c.en_in}",
            "the police {c.en_in} have lost {n} officers since {year}",
        ],
        fr=[
            "{c.fr} a supprimé {n} postes de policiers depuis {year}",
            "depuis {year}, {n} emplois de policiers ont disparu {c.fr_in}",
            "la police {c.fr_de} a perdu {n} agents depuis {year}",
        ],
    ),
    Frame(
        "knife_crime",
        "crime",
        {"city": CITY, "p": pct(3, 70), "year": year()},
        en=[
            "knife attacks {city.en_in} went up {p} in {year}",
            "in {year}, stabbings {city.en_in} rose by {p}",
            "{city.en} saw a {p} jump in knife crime in {year}",
        ],
        fr=[
            "les agressions au couteau ont augmenté de {p} {city.fr_in} en {year}",
            "en {year}, les attaques à l'arme blanche {city.fr_in} ont bondi de {p}",
            "{city.fr} a connu une hausse de {p} des violences au couteau en {year}",
        ],
    ),
    Frame(
        "death_penalty",
        "crime",
        {"c": C},
        en=[
            "{c.en} has reintroduced the death penalty",
            "capital punishment is back {c.en_in}",
            "{c.en} restored executions for serious crimes",
        ],
        fr=[
            "{c.fr} a rétabli la peine de mort",
            "la peine capitale est de retour {c.fr_in}",
            "{c.fr} a réintroduit les exécutions pour les crimes graves",
        ],
        neg_en=[
            "{c.en} has not reintroduced the death penalty",
            "capital punishment is not back {c.en_in}",
        ],
        neg_fr=[
            "{c.fr} n'a pas rétabli la peine de mort",
            "la peine capitale n'est pas de retour {c.fr_in}",
        ],
        instances=14,
        viral=True,
    ),
    # Energy
    Frame(
        "nuclear_share",
        "energy",
        {"c": C, "p": pct(5, 75)},
        en=[
            "nuclear power produces {p} of {c.en_pos} electricity",
            "{p} of the electricity generated {c.en_in} comes from nuclear plants",
            "{c.en} relies on its reactors for {p} of its power",
        ],
        fr=[
            "le nucléaire produit {p} de l'électricité {c.fr_de}",
            "{p} de l'électricité produite {c.fr_in} vient des centrales nucléaires",
            "{c.fr} dépend de ses réacteurs pour {p} de son courant",
        ],
    ),
    Frame(
        "power_bills",
        "energy",
        {"c": C, "p": pct(3, 45), "year": year(2018, 2025)},
        en=[
            "electricity bills {c.en_in} will rise by {p} in {year}",
            "households {c.en_in} face a {p} increase in their power bills in {year}",
            "the regulated electricity tariff {c.en_in} goes up {p} in {year}",
        ],
        fr=[
            "les factures d'électricité vont augmenter de {p} {c.fr_in} en {year}",
            "les ménages {c.fr_in} subiront une hausse de {p} de leur facture de courant en {year}",
            "le tarif réglementé de l'électricité {c.fr_in} grimpe de {p} en {year}",
        ],
    ),
    Frame(
        "last_reactor",
        "energy",
        {"c": C, "year": year(2015, 2024)},
        en=[
            "{c.en} shut down its last nuclear reactor in {year}",
            "in {year}, {c.en} switched off the final reactor of its nuclear fleet",
            "{c.en} has been nuclear-free since {year}",
        ],
        fr=[
            "{c.fr} a fermé son dernier réacteur nucléaire en {year}",
            "en {year}, {c.fr} a mis à l'arrêt l'ultime réacteur de son parc nucléaire",
            "depuis {year}, le parc nucléaire {c.fr_de} est entièrement à l'arrêt",
        ],
        instances=14,
    ),
    Frame(
        "wind_turbines",
        "energy",
        {"c": C, "n": count(150, 30_000, 10), "year": year(2000, 2018)},
        en=[
            "{c.en} has installed {n} wind turbines since {year}",
            "since {year}, {n} wind turbines have gone up {c.en_in}",
            "{n} new windmills have been erected {c.en_in} since {year}",
        ],
        fr=[
            "{c.fr} a installé {n} éoliennes depuis {year}",
            "depuis {year}, {n} éoliennes ont été construites {c.fr_in}",
            "{n} nouveaux aérogénérateurs ont été érigés {c.fr_in} depuis {year}",
        ],
    ),
    Frame(
        "russian_gas",
        "energy",
        {"c": C, "p": pct(2, 90)},
        en=[
            "{c.en} still imports {p} of its gas from Russia",
            "Russian gas still covers {p} of {c.en_pos} imports",
            "{p} of the natural gas bought by {c.en} still comes from Russia",
        ],
        fr=[
            "{c.fr} importe encore {p} de son gaz de Russie",
            "le gaz russe couvre toujours {p} des importations {c.fr_de}",
            "{p} du gaz naturel acheté par {c.fr} provient toujours de Russie",
        ],
    ),
    Frame(
        "petrol_price",
        "energy",
        {"c": C, "price": Number(1.4, 2.6, 2, "eur", 0.05)},
        en=[
            "a litre of petrol costs more than {price} {c.en_in}",
            "motorists {c.en_in} now pay over {price} per litre of unleaded",
            "fuel prices {c.en_in} have passed {price} a litre",
        ],
        fr=[
            "le litre d'essence dépasse {price} {c.fr_in}",
            "les automobilistes {c.fr_in} paient désormais plus de {price} le litre de sans-plomb",
            "le prix du carburant {c.fr_in} a franchi la barre des {price} par litre",
        ],
    ),
    # Education
    Frame(
        "teacher_pay",
        "education",
        {"c": C, "p": pct(3, 35)},
        en=[
            "teachers {c.en_in} earn {p} less than the OECD average",
            "{c.en_pos} teachers are paid {p} below the OECD average",
            "the pay of teachers {c.en_in} lags the OECD average by {p}",
        ],
        fr=[
            "les enseignants {c.fr_in} gagnent {p} de moins que la moyenne de l'OCDE",
            "les professeurs {c.fr_in} sont payés {p} en dessous de la moyenne de l'OCDE",
            "le salaire des enseignants {c.fr_de} est inférieur de {p} à la moyenne de l'OCDE",
        ],
    ),
    Frame(
        "school_closures",
        "education",
        {"c": C, "n": count(50, 5_000, 5), "year": year()},
        en=[
            "{n} schools closed {c.en_in} in {year}",
            "in {year}, {c.en} shut {n} schools",
            "{c.en} lost {n} schools to closures in {year}",
        ],
        fr=[
            "{n} écoles ont fermé {c.fr_in} en {year}",
            "en {year}, {c.fr} a fermé {n} établissements scolaires",
            "{c.fr} a perdu {n} écoles en {year}",
        ],
    ),
    Frame(
        "class_size",
        "education",
        {"c": C, "n": plain(15, 35)},
        en=[
            "primary school classes {c.en_in} have {n} pupils on average",
            "the average primary class {c.en_in} holds {n} children",
            "a typical elementary classroom {c.en_in} has {n} students",
        ],
        fr=[
            "les classes de primaire {c.fr_in} comptent en moyenne {n} élèves",
            "une classe d'école élémentaire {c.fr_in} accueille {n} enfants en moyenne",
            "en moyenne, {n} écoliers sont assis dans chaque classe de primaire {c.fr_in}",
        ],
    ),
    Frame(
        "school_uniform",
        "education",
        {"c": C, "year": year(2018, 2025)},
        en=[
            "{c.en} made school uniforms compulsory in {year}",
            "since {year}, pupils {c.en_in} must wear a uniform at school",
            "in {year}, uniforms became mandatory in schools {c.en_in}",
        ],
        fr=[
            "{c.fr} a rendu l'uniforme scolaire obligatoire en {year}",
            "depuis {year}, les élèves {c.fr_in} doivent porter un uniforme à l'école",
            "en {year}, l'uniforme est devenu obligatoire dans les écoles {c.fr_de}",
        ],
        neg_en=[
            "{c.en} did not make school uniforms compulsory in {year}",
            "pupils {c.en_in} have not had to wear a uniform at school since {year}",
        ],
        neg_fr=[
            "{c.fr} n'a pas rendu l'uniforme scolaire obligatoire en {year}",
            "les élèves {c.fr_in} ne sont pas obligés de porter un uniforme depuis {year}",
        ],
        instances=14,
    ),
    Frame(
        "reading",
        "education",
        {"c": C, "p": pct(8, 45)},
        en=[
            "{p} of 15-year-olds {c.en_in} cannot read properly",
            "{p} of fifteen-year-olds {c.en_in} do not have basic reading skills",
            "{p} of pupils aged 15 {c.en_in} cannot understand a simple text",
        ],
        fr=[
            "{p} des jeunes de 15 ans {c.fr_in} ne savent pas lire correctement",
            "{p} des élèves de quinze ans {c.fr_in} n'ont pas les compétences de base en lecture",
            "{p} des adolescents de 15 ans {c.fr_in} ne comprennent pas un texte simple",
        ],
    ),
    Frame(
        "tuition",
        "education",
        {"c": C, "eur": euros(150, 12_000, 10)},
        en=[
            "tuition at public universities {c.en_in} costs {eur} a year",
            "students at state universities {c.en_in} pay {eur} in annual fees",
            "a year of study at a public university {c.en_in} costs {eur} in fees",
        ],
        fr=[
            "les frais d'inscription dans les universités publiques {c.fr_in} s'élèvent à {eur} par an",
            "les étudiants des universités publiques {c.fr_in} paient {eur} de droits annuels",
            "une année d'études à l'université publique {c.fr_in} coûte {eur} de frais",
        ],
    ),
    # Sport
    Frame(
        "event_cost",
        "sport",
        {"c": C, "ev": Choice(EVENTS), "bn": billions(0.5, 15)},
        en=[
            "{c.en} spent {bn} on hosting {ev.en}",
            "hosting {ev.en} cost {c.en} {bn}",
            "the bill for staging {ev.en} {c.en_in} came to {bn}",
        ],
        fr=[
            "{c.fr} a dépensé {bn} pour organiser {ev.fr}",
            "l'organisation de {ev.fr} a coûté {bn} à {c.fr}",
            "la facture de l'accueil de {ev.fr} {c.fr_in} s'élève à {bn}",
        ],
    ),
    Frame(
        "doping",
        "sport",
        {"c": C, "n": plain(3, 120), "year": year()},
        en=[
            "{n} athletes from {c.en} tested positive for doping in {year}",
            "in {year}, {n} sportspeople from {c.en} failed drug tests",
            "{c.en} had {n} positive doping tests among its athletes in {year}",
        ],
        fr=[
            "{n} athlètes de {c.fr} ont été contrôlés positifs au dopage en {year}",
            "en {year}, {n} sportifs {c.fr_de} ont échoué aux contrôles antidopage",
            "{c.fr} a compté {n} contrôles antidopage positifs parmi ses athlètes en {year}",
        ],
    ),
    Frame(
        "footballer_pay",
        "sport",
        {"c": C, "eur": euros(8_000, 250_000, 500)},
        en=[
            "players in {c.en_pos} top football league earn {eur} a month on average",
            "the average first-division footballer {c.en_in} is paid {eur} per month",
            "a top-flight footballer {c.en_in} takes home {eur} every month on average",
        ],
        fr=[
            "les joueurs de première division {c.fr_in} gagnent en moyenne {eur} par mois",
            "un footballeur de l'élite {c.fr_in} touche {eur} mensuels en moyenne",
            "le salaire moyen d'un joueur du championnat {c.fr_de} atteint {eur} par mois",
        ],
    ),
    Frame(
        "olympic_boycott",
        "sport",
        {"c": C},
        en=[
            "{c.en} will boycott the next Olympic Games",
            "athletes from {c.en} will stay away from the next Olympics",
            "{c.en} is pulling out of the upcoming Olympic Games",
        ],
        fr=[
            "{c.fr} boycottera les prochains Jeux olympiques",
            "les athlètes {c.fr_de} seront absents des prochains Jeux",
            "{c.fr} se retire des Jeux olympiques à venir",
        ],
        neg_en=[
            "{c.en} will not boycott the next Olympic Games",
            "{c.en} is not pulling out of the upcoming Olympic Games",
        ],
        neg_fr=[
            "{c.fr} ne boycottera pas les prochains Jeux olympiques",
            "{c.fr} ne se retire pas des Jeux olympiques à venir",
        ],
        instances=14,
        viral=True,
    ),
    Frame(
        "child_exercise",
        "sport",
        {"c": C, "p": pct(10, 60)},
        en=[
            "only {p} of children {c.en_in} get an hour of exercise a day",
            "just {p} of kids {c.en_in} are physically active for sixty minutes daily",
            "{p} of young people {c.en_in} meet the one-hour-a-day physical activity guideline",
        ],
        fr=[
            "seuls {p} des enfants {c.fr_in} font une heure d'activité physique par jour",
            "à peine {p} des jeunes {c.fr_in} bougent soixante minutes quotidiennes",
            "{p} des enfants {c.fr_in} respectent la recommandation d'une heure de sport par jour",
        ],
    ),
    # Transport, housing, society
    Frame(
        "speed_limit",
        "transport",
        {"c": C, "kmh": Number(80, 130, 0, "", 10)},
        en=[
            "{c.en} has lowered the motorway speed limit to {kmh} km/h",
            "the maximum speed on motorways {c.en_in} is now {kmh} km/h",
            "drivers {c.en_in} must now keep to {kmh} km/h on motorways",
        ],
        fr=[
            "{c.fr} a abaissé la vitesse maximale sur autoroute à {kmh} km/h",
            "la limitation de vitesse sur les autoroutes {c.fr_de} est désormais de {kmh} km/h",
            "les automobilistes {c.fr_in} doivent désormais rouler à {kmh} km/h sur autoroute",
        ],
    ),
    Frame(
        "road_deaths",
        "transport",
        {"c": C, "n": count(200, 42_000, 1), "year": year()},
        en=[
            "{n} people died on the roads {c.en_in} in {year}",
            "road accidents killed {n} people {c.en_in} in {year}",
            "in {year}, traffic crashes {c.en_in} claimed {n} lives",
        ],
        fr=[
            "{n} personnes sont mortes sur les routes {c.fr_in} en {year}",
            "les accidents de la route ont tué {n} personnes {c.fr_in} en {year}",
            "en {year}, la circulation routière a fait {n} victimes {c.fr_in}",
        ],
    ),
    Frame(
        "train_fares",
        "transport",
        {"c": C, "p": pct(2, 30, 1), "year": year()},
        en=[
            "train fares {c.en_in} went up {p} in {year}",
            "in {year}, rail tickets {c.en_in} became {p} more expensive",
            "the price of a train ticket {c.en_in} rose by {p} in {year}",
        ],
        fr=[
            "le prix des billets de train a augmenté de {p} {c.fr_in} en {year}",
            "en {year}, les billets de train {c.fr_in} sont devenus {p} plus chers",
            "les tarifs ferroviaires {c.fr_in} ont grimpé de {p} en {year}",
        ],
    ),
    Frame(
        "house_prices",
        "housing",
        {"c": C, "p": pct(1, 20, 1), "year": year()},
        en=[
            "house prices {c.en_in} fell by {p} in {year}",
            "in {year}, property values {c.en_in} dropped {p}",
            "the average home {c.en_in} lost {p} of its value in {year}",
        ],
        fr=[
            "les prix de l'immobilier ont baissé de {p} {c.fr_in} en {year}",
            "en {year}, la valeur des logements {c.fr_in} a chuté de {p}",
            "un logement moyen {c.fr_in} a perdu {p} de sa valeur en {year}",
        ],
    ),
    Frame(
        "rent",
        "housing",
        {"city": CITY, "eur": euros(450, 3_200, 10)},
        en=[
            "the average rent {city.en_in} is {eur} a month",
            "tenants {city.en_in} pay {eur} per month on average",
            "renting a flat {city.en_in} costs {eur} monthly on average",
        ],
        fr=[
            "le loyer moyen {city.fr_in} est de {eur} par mois",
            "les locataires {city.fr_in} paient en moyenne {eur} par mois",
            "louer un appartement {city.fr_in} coûte en moyenne {eur} mensuels",
        ],
    ),
    Frame(
        "homeless",
        "housing",
        {"city": CITY, "n": count(300, 80_000, 10)},
        en=[
            "{n} people sleep rough {city.en_in}",
            "there are {n} homeless people living on the streets of {city.en}",
            "{city.en} counts {n} people sleeping outdoors every night",
        ],
        fr=[
            "{n} personnes dorment dans la rue {city.fr_in}",
            "on compte {n} sans-abri dans les rues {city.fr_de}",
            "{city.fr} recense {n} personnes qui passent la nuit dehors",
        ],
    ),
    Frame(
        "cash_abolished",
        "economy",
        {"c": C, "year": year(2025, 2035)},
        en=[
            "{c.en} is abolishing cash payments from {year}",
            "from {year}, shops {c.en_in} will refuse coins and banknotes",
            "{c.en} plans to scrap cash altogether in {year}",
        ],
        fr=[
            "{c.fr} va supprimer les paiements en espèces à partir de {year}",
            "dès {year}, les pièces et les billets seront refusés {c.fr_in}",
            "{c.fr} prévoit d'abandonner totalement l'argent liquide en {year}",
        ],
        neg_en=[
            "{c.en} is not abolishing cash payments from {year}",
            "{c.en} does not plan to scrap cash in {year}",
        ],
        neg_fr=[
            "{c.fr} ne va pas supprimer les paiements en espèces à partir de {year}",
            "{c.fr} ne prévoit pas d'abandonner l'argent liquide en {year}",
        ],
        instances=16,
        viral=True,
    ),
    Frame(
        "social_media_ban",
        "technology",
        {"c": C, "age": plain(13, 16)},
        en=[
            "{c.en} has banned social media for children under {age}",
            "under-{age}s {c.en_in} are now barred from social networks",
            "it is now illegal for children younger than {age} {c.en_in} to have a social media account",
        ],
        fr=[
            "{c.fr} a interdit les réseaux sociaux aux moins de {age} ans",
            "les enfants de moins de {age} ans {c.fr_in} sont désormais privés de réseaux sociaux",
            "il est désormais illégal {c.fr_in} d'avoir un compte sur un réseau social avant {age} ans",
        ],
        neg_en=[
            "{c.en} has not banned social media for children under {age}",
            "under-{age}s {c.en_in} are not barred from social networks",
        ],
        neg_fr=[
            "{c.fr} n'a pas interdit les réseaux sociaux aux moins de {age} ans",
            "les enfants de moins de {age} ans {c.fr_in} ne sont pas privés de réseaux sociaux",
        ],
        instances=16,
    ),
    Frame(
        "farmer_income",
        "agriculture",
        {"c": C, "p": pct(10, 50)},
        en=[
            "{p} of farmers {c.en_in} earn less than the minimum wage",
            "{p} of those who farm {c.en_in} make under the legal minimum wage",
            "the income of {p} of agricultural workers {c.en_in} is below the minimum wage",
        ],
        fr=[
            "{p} des agriculteurs {c.fr_in} gagnent moins que le salaire minimum",
            "{p} des exploitants agricoles {c.fr_in} touchent moins que le minimum légal",
            "le revenu de {p} des paysans {c.fr_in} est inférieur au salaire minimum",
        ],
    ),
    Frame(
        "food_waste",
        "agriculture",
        {"c": C, "kg": plain(20, 140)},
        en=[
            "households {c.en_in} throw away {kg} kg of food per person every year",
            "each person {c.en_in} wastes {kg} kilos of food a year",
            "{kg} kg of edible food per inhabitant ends up in the bin each year {c.en_in}",
        ],
        fr=[
            "les ménages {c.fr_in} jettent {kg} kg de nourriture par personne chaque année",
            "chaque habitant {c.fr_de} gaspille {kg} kilos d'aliments par an",
            "{kg} kg de nourriture comestible par habitant finissent à la poubelle chaque année {c.fr_in}",
        ],
    ),
    Frame(
        "no_4g",
        "technology",
        {"c": C, "p": pct(2, 30)},
        en=[
            "{p} of {c.en_pos} territory has no 4G coverage",
            "there is no 4G signal across {p} of the land area {c.en_in}",
            "4G mobile internet does not reach {p} of {c.en_pos} territory",
        ],
        fr=[
            "{p} du territoire {c.fr_de} n'a pas de couverture 4G",
            "il n'y a aucun signal 4G sur {p} de la superficie {c.fr_de}",
            "l'internet mobile 4G n'atteint pas {p} du territoire {c.fr_de}",
        ],
    ),
    Frame(
        "defence_spending",
        "economy",
        {"c": C, "p": pct(0.5, 4.5, 1)},
        en=[
            "{c.en} spends {p} of its GDP on defence",
            "military spending {c.en_in} amounts to {p} of gross domestic product",
            "{c.en_pos} defence budget is worth {p} of its economy",
        ],
        fr=[
            "{c.fr} consacre {p} de son PIB à la défense",
            "les dépenses militaires {c.fr_de} représentent {p} du produit intérieur brut",
            "le budget de la défense {c.fr_de} équivaut à {p} de son économie",
        ],
    ),
    Frame(
        "aid",
        "economy",
        {"c": C, "bn": billions(0.2, 40), "year": year()},
        en=[
            "{c.en} gave {bn} in development aid in {year}",
            "in {year}, {c.en} spent {bn} on overseas aid",
            "{c.en_pos} official development assistance reached {bn} in {year}",
        ],
        fr=[
            "{c.fr} a versé {bn} d'aide au développement en {year}",
            "en {year}, {c.fr} a consacré {bn} à l'aide internationale",
            "l'aide publique au développement {c.fr_de} a atteint {bn} en {year}",
        ],
    ),
    Frame(
        "births",
        "society",
        {"c": C, "n": count(20_000, 3_700_000, 100), "year": year()},
        en=[
            "{c.en} recorded {n} births in {year}, the lowest number since 1945",
            "only {n} babies were born {c.en_in} in {year}, a post-war low",
            "in {year}, births {c.en_in} fell to {n}, fewer than in any year since 1945",
        ],
        fr=[
            "{c.fr} a enregistré {n} naissances en {year}, le plus bas niveau depuis 1945",
            "seuls {n} bébés sont nés {c.fr_in} en {year}, un record depuis l'après-guerre",
            "en {year}, les naissances {c.fr_in} sont tombées à {n}, du jamais vu depuis 1945",
        ],
    ),
    Frame(
        "kerosene_tax",
        "climate",
        {"c": C},
        en=[
            "jet fuel is not taxed {c.en_in}",
            "airlines {c.en_in} pay no tax on kerosene",
            "{c.en} exempts aviation fuel from any tax",
        ],
        fr=[
            "le kérosène n'est pas taxé {c.fr_in}",
            "les compagnies aériennes {c.fr_in} ne paient aucune taxe sur le kérosène",
            "{c.fr} exonère le carburant des avions de toute taxe",
        ],
        neg_en=[
            "jet fuel is taxed {c.en_in}",
            "airlines {c.en_in} pay a tax on kerosene",
        ],
        neg_fr=[
            "le kérosène est taxé {c.fr_in}",
            "les compagnies aériennes {c.fr_in} paient une taxe sur le kérosène",
        ],
        instances=14,
    ),
]


# --- Claims without slots: viral health and science claims, mostly ---------------------


def single(name, topic, en, fr, neg_en=(), neg_fr=()):
    return Frame(name, topic, {}, list(en), list(fr), list(neg_en), list(neg_fr), 1, True)


SINGLES = [
    single(
        "5g_covid",
        "health",
        [
            "5G antennas spread the coronavirus",
            "the COVID-19 virus is transmitted through 5G mobile networks",
            "fifth-generation phone masts are what caused the pandemic to spread",
        ],
        [
            "les antennes 5G propagent le coronavirus",
            "le virus du Covid-19 se transmet par les réseaux mobiles 5G",
            "ce sont les relais de téléphonie de cinquième génération qui ont répandu l'épidémie",
        ],
        [
            "5G antennas do not spread the coronavirus",
            "there is no link between 5G networks and COVID-19",
        ],
        [
            "les antennes 5G ne propagent pas le coronavirus",
            "il n'y a aucun lien entre la 5G et le Covid-19",
        ],
    ),
    single(
        "vaccines_autism",
        "health",
        [
            "vaccines cause autism in children",
            "childhood jabs are behind the rise in autism",
            "getting children immunised makes them autistic",
        ],
        [
            "les vaccins provoquent l'autisme chez les enfants",
            "les vaccinations infantiles sont à l'origine de la hausse de l'autisme",
            "faire vacciner ses enfants les rend autistes",
        ],
        [
            "vaccines do not cause autism in children",
            "there is no link between childhood vaccines and autism",
        ],
        [
            "les vaccins ne provoquent pas l'autisme chez les enfants",
            "il n'existe aucun lien entre vaccins infantiles et autisme",
        ],
    ),
    single(
        "mrna_dna",
        "health",
        [
            "mRNA vaccines alter your DNA",
            "messenger RNA jabs permanently change human genes",
            "the Pfizer and Moderna shots rewrite the genetic code of those who get them",
        ],
        [
            "les vaccins à ARN messager modifient votre ADN",
            "les injections à ARNm changent définitivement les gènes humains",
            "les vaccins de Pfizer et Moderna réécrivent le code génétique de ceux qui les reçoivent",
        ],
        ["mRNA vaccines do not alter your DNA", "messenger RNA jabs cannot change human genes"],
        [
            "les vaccins à ARN messager ne modifient pas votre ADN",
            "les injections à ARNm ne peuvent pas changer les gènes humains",
        ],
    ),
    single(
        "hot_water_virus",
        "health",
        [
            "drinking hot water kills the coronavirus",
            "sipping warm water every fifteen minutes flushes the virus out of your throat",
            "hot drinks destroy COVID-19 before it reaches the lungs",
        ],
        [
            "boire de l'eau chaude tue le coronavirus",
            "avaler de l'eau tiède toutes les quinze minutes élimine le virus de la gorge",
            "les boissons chaudes détruisent le Covid-19 avant qu'il n'atteigne les poumons",
        ],
    ),
    single(
        "ivermectin",
        "health",
        [
            "ivermectin cures COVID-19",
            "the antiparasitic drug ivermectin is an effective treatment for coronavirus",
            "a cheap deworming pill, ivermectin, wipes out COVID infections",
        ],
        [
            "l'ivermectine guérit le Covid-19",
            "l'antiparasitaire ivermectine est un traitement efficace contre le coronavirus",
            "un vermifuge bon marché, l'ivermectine, fait disparaître l'infection au Covid",
        ],
        [
            "ivermectin does not cure COVID-19",
            "ivermectin is not an effective treatment for coronavirus",
        ],
        [
            "l'ivermectine ne guérit pas le Covid-19",
            "l'ivermectine n'est pas un traitement efficace contre le coronavirus",
        ],
    ),
    single(
        "chemtrails",
        "climate",
        [
            "planes are spraying chemicals to control the weather",
            "the white trails behind aircraft are chemicals released to manipulate the climate",
            "governments use airliners to seed the sky with toxic substances",
        ],
        [
            "les avions pulvérisent des produits chimiques pour contrôler la météo",
            "les traînées blanches derrière les avions sont des produits chimiques destinés à manipuler le climat",
            "les gouvernements se servent des avions de ligne pour répandre des substances toxiques dans le ciel",
        ],
    ),
    single(
        "wind_cancer",
        "energy",
        [
            "wind turbines cause cancer",
            "living near a wind farm gives people cancer",
            "the noise from wind turbines triggers tumours in nearby residents",
        ],
        [
            "les éoliennes donnent le cancer",
            "vivre près d'un parc éolien provoque des cancers",
            "le bruit des éoliennes déclenche des tumeurs chez les riverains",
        ],
        [
            "wind turbines do not cause cancer",
            "living near a wind farm does not give people cancer",
        ],
        [
            "les éoliennes ne donnent pas le cancer",
            "vivre près d'un parc éolien ne provoque pas de cancer",
        ],
    ),
    single(
        "ev_pollute",
        "energy",
        [
            "electric cars pollute more than diesel cars over their lifetime",
            "over its whole life cycle, a battery car emits more CO2 than a diesel",
            "from factory to scrapyard, EVs are dirtier than diesel vehicles",
        ],
        [
            "les voitures électriques polluent plus que les diesels sur l'ensemble de leur vie",
            "sur tout son cycle de vie, une voiture à batterie émet plus de CO2 qu'un diesel",
            "de l'usine à la casse, les véhicules électriques sont plus sales que les diesels",
        ],
        [
            "electric cars do not pollute more than diesel cars over their lifetime",
            "over its life cycle, a battery car does not emit more CO2 than a diesel",
        ],
        [
            "les voitures électriques ne polluent pas plus que les diesels sur l'ensemble de leur vie",
            "sur son cycle de vie, une voiture à batterie n'émet pas plus de CO2 qu'un diesel",
        ],
    ),
    single(
        "sun_climate",
        "climate",
        [
            "global warming is caused by the sun, not by humans",
            "solar activity explains the recent rise in temperatures",
            "the Earth is heating up because the sun is getting stronger",
        ],
        [
            "le réchauffement climatique est causé par le soleil et pas par l'homme",
            "l'activité solaire explique la hausse récente des températures",
            "la Terre se réchauffe parce que le soleil est de plus en plus fort",
        ],
    ),
    single(
        "eu_insects",
        "agriculture",
        [
            "the EU will force people to eat insects",
            "Brussels is making insect flour compulsory in our food",
            "European rules will require bugs to be added to everyday meals",
        ],
        [
            "l'Union européenne va obliger les gens à manger des insectes",
            "Bruxelles rend obligatoire la farine d'insectes dans notre alimentation",
            "les règles européennes imposeront d'ajouter des insectes aux repas du quotidien",
        ],
        [
            "the EU will not force people to eat insects",
            "eating insects is not compulsory in the European Union",
        ],
        [
            "l'Union européenne ne va pas obliger les gens à manger des insectes",
            "manger des insectes n'est pas obligatoire dans l'Union européenne",
        ],
    ),
    single(
        "moon_landing",
        "science",
        [
            "the 1969 moon landing was faked",
            "NASA staged the Apollo 11 landing in a film studio",
            "astronauts never really walked on the moon in 1969",
        ],
        [
            "l'alunissage de 1969 était truqué",
            "la NASA a mis en scène l'arrivée d'Apollo 11 dans un studio de cinéma",
            "les astronautes n'ont jamais vraiment marché sur la Lune en 1969",
        ],
    ),
    single(
        "fluoride_iq",
        "health",
        [
            "fluoride in tap water lowers children's IQ",
            "adding fluoride to drinking water makes kids less intelligent",
            "fluoridated water damages children's brains and intelligence",
        ],
        [
            "le fluor dans l'eau du robinet fait baisser le QI des enfants",
            "ajouter du fluor à l'eau potable rend les enfants moins intelligents",
            "l'eau fluorée abîme le cerveau et l'intelligence des enfants",
        ],
    ),
    single(
        "sunscreen_cancer",
        "health",
        [
            "sunscreen causes skin cancer",
            "sun cream is more dangerous for your skin than the sun itself",
            "the chemicals in sun lotion give people melanoma",
        ],
        [
            "la crème solaire provoque le cancer de la peau",
            "l'écran solaire est plus dangereux pour la peau que le soleil lui-même",
            "les produits chimiques des crèmes solaires donnent des mélanomes",
        ],
        [
            "sunscreen does not cause skin cancer",
            "sun cream is not more dangerous for your skin than the sun",
        ],
        [
            "la crème solaire ne provoque pas le cancer de la peau",
            "l'écran solaire n'est pas plus dangereux pour la peau que le soleil",
        ],
    ),
    single(
        "microwave",
        "health",
        [
            "microwave ovens make food radioactive",
            "heating a meal in the microwave leaves radiation in it",
            "food cooked by microwaves becomes radioactive and dangerous to eat",
        ],
        [
            "les fours à micro-ondes rendent les aliments radioactifs",
            "réchauffer un plat au micro-ondes y laisse des radiations",
            "la nourriture cuite aux micro-ondes devient radioactive et dangereuse",
        ],
    ),
    single(
        "lemon_cancer",
        "health",
        [
            "hot lemon water cures cancer",
            "drinking warm water with lemon kills cancer cells",
            "a daily glass of lemon and hot water destroys tumours",
        ],
        [
            "l'eau chaude citronnée guérit le cancer",
            "boire de l'eau tiède au citron tue les cellules cancéreuses",
            "un verre quotidien d'eau chaude et de citron détruit les tumeurs",
        ],
    ),
    single(
        "garlic_flu",
        "health",
        [
            "eating garlic prevents the flu",
            "a clove of raw garlic a day protects you against influenza",
            "garlic stops you from catching seasonal flu",
        ],
        [
            "manger de l'ail protège de la grippe",
            "une gousse d'ail cru par jour vous immunise contre la grippe",
            "l'ail empêche d'attraper la grippe saisonnière",
        ],
    ),
    single(
        "migrants_housing",
        "migration",
        [
            "migrants get social housing before citizens",
            "newly arrived immigrants jump the queue for council homes",
            "foreigners are given public housing ahead of local families",
        ],
        [
            "les migrants obtiennent un logement social avant les nationaux",
            "les immigrés fraîchement arrivés passent devant tout le monde pour les HLM",
            "les étrangers se voient attribuer des logements sociaux avant les familles du pays",
        ],
        [
            "migrants do not get social housing before citizens",
            "immigrants do not jump the queue for council homes",
        ],
        [
            "les migrants n'obtiennent pas un logement social avant les nationaux",
            "les immigrés ne passent pas devant tout le monde pour les HLM",
        ],
    ),
    single(
        "curved_bananas",
        "economy",
        [
            "the EU has banned curved bananas",
            "Brussels rules forbid selling bananas that are too bendy",
            "European regulations outlaw bananas with an abnormal curve",
        ],
        [
            "l'Union européenne a interdit les bananes courbées",
            "les règles de Bruxelles interdisent de vendre des bananes trop tordues",
            "la réglementation européenne proscrit les bananes à la courbure anormale",
        ],
    ),
    single(
        "linky",
        "technology",
        [
            "smart electricity meters spy on households",
            "connected power meters record what you do at home and sell the data",
            "the new smart meters are surveillance devices listening to families",
        ],
        [
            "les compteurs électriques communicants espionnent les foyers",
            "les compteurs connectés enregistrent ce que vous faites chez vous et revendent les données",
            "les nouveaux compteurs intelligents sont des mouchards qui écoutent les familles",
        ],
    ),
    single(
        "co2_pollutant",
        "climate",
        [
            "carbon dioxide is plant food, so more CO2 is good for the planet",
            "rising CO2 levels are beneficial because plants need carbon dioxide",
            "extra carbon dioxide in the air simply greens the Earth",
        ],
        [
            "le dioxyde de carbone nourrit les plantes, donc plus de CO2 est bon pour la planète",
            "la hausse du CO2 est bénéfique car les plantes ont besoin de gaz carbonique",
            "le surplus de dioxyde de carbone dans l'air ne fait que verdir la Terre",
        ],
    ),
    single(
        "pollution_smoking",
        "health",
        [
            "air pollution kills more people than smoking",
            "dirty air causes more deaths than tobacco",
            "breathing polluted air is deadlier than cigarettes",
        ],
        [
            "la pollution de l'air tue plus que le tabac",
            "l'air pollué cause davantage de décès que la cigarette",
            "respirer un air pollué est plus mortel que fumer",
        ],
        [
            "air pollution does not kill more people than smoking",
            "dirty air does not cause more deaths than tobacco",
        ],
        [
            "la pollution de l'air ne tue pas plus que le tabac",
            "l'air pollué ne cause pas davantage de décès que la cigarette",
        ],
    ),
    single(
        "mosquito_hiv",
        "health",
        [
            "mosquitoes can transmit HIV",
            "you can catch the AIDS virus from a mosquito bite",
            "HIV is spread by mosquito bites",
        ],
        [
            "les moustiques peuvent transmettre le VIH",
            "on peut attraper le virus du sida par une piqûre de moustique",
            "le VIH se propage par les piqûres de moustiques",
        ],
        ["mosquitoes cannot transmit HIV", "you cannot catch the AIDS virus from a mosquito bite"],
        [
            "les moustiques ne peuvent pas transmettre le VIH",
            "on ne peut pas attraper le virus du sida par une piqûre de moustique",
        ],
    ),
    single(
        "masks_oxygen",
        "health",
        [
            "wearing a face mask starves you of oxygen",
            "surgical masks cause dangerous oxygen deprivation",
            "people who wear masks for hours suffer from a lack of oxygen in the blood",
        ],
        [
            "porter un masque prive d'oxygène",
            "les masques chirurgicaux provoquent une dangereuse privation d'oxygène",
            "ceux qui portent un masque pendant des heures manquent d'oxygène dans le sang",
        ],
        [
            "wearing a face mask does not starve you of oxygen",
            "surgical masks do not cause oxygen deprivation",
        ],
        [
            "porter un masque ne prive pas d'oxygène",
            "les masques chirurgicaux ne provoquent pas de privation d'oxygène",
        ],
    ),
    single(
        "coffee_dehydrates",
        "health",
        [
            "coffee dehydrates you",
            "drinking coffee makes your body lose more water than it takes in",
            "a cup of coffee leaves you more dehydrated than before",
        ],
        [
            "le café déshydrate",
            "boire du café fait perdre au corps plus d'eau qu'il n'en apporte",
            "une tasse de café vous laisse plus déshydraté qu'avant",
        ],
    ),
    single(
        "vitamin_d",
        "health",
        [
            "vitamin D supplements prevent COVID-19",
            "taking vitamin D protects you from catching the coronavirus",
            "a daily dose of vitamin D is enough to avoid COVID infection",
        ],
        [
            "les compléments de vitamine D empêchent le Covid-19",
            "prendre de la vitamine D protège contre le coronavirus",
            "une dose quotidienne de vitamine D suffit pour éviter d'être infecté par le Covid",
        ],
    ),
    single(
        "phones_cancer",
        "health",
        [
            "mobile phones cause brain cancer",
            "holding your smartphone to your ear gives you brain tumours",
            "radiation from cell phones is behind brain cancers",
        ],
        [
            "les téléphones portables donnent le cancer du cerveau",
            "coller son smartphone à l'oreille provoque des tumeurs cérébrales",
            "les ondes des portables sont responsables de cancers du cerveau",
        ],
        [
            "mobile phones do not cause brain cancer",
            "radiation from cell phones is not behind brain cancers",
        ],
        [
            "les téléphones portables ne donnent pas le cancer du cerveau",
            "les ondes des portables ne sont pas responsables de cancers du cerveau",
        ],
    ),
    single(
        "sugar_hyperactive",
        "health",
        [
            "sugar makes children hyperactive",
            "sweets send kids bouncing off the walls",
            "eating sugary food causes hyperactivity in children",
        ],
        [
            "le sucre rend les enfants hyperactifs",
            "les bonbons rendent les enfants surexcités",
            "manger sucré provoque l'hyperactivité chez l'enfant",
        ],
        [
            "sugar does not make children hyperactive",
            "eating sugary food does not cause hyperactivity in children",
        ],
        [
            "le sucre ne rend pas les enfants hyperactifs",
            "manger sucré ne provoque pas d'hyperactivité chez l'enfant",
        ],
    ),
    single(
        "brain_10",
        "science",
        [
            "humans only use 10% of their brain",
            "we use just a tenth of our brain capacity",
            "ninety per cent of the human brain sits idle",
        ],
        [
            "l'être humain n'utilise que 10{sp}% de son cerveau",
            "nous ne nous servons que d'un dixième de nos capacités cérébrales",
            "90{sp}% du cerveau humain reste inactif",
        ],
    ),
    single(
        "knuckles_arthritis",
        "health",
        [
            "cracking your knuckles causes arthritis",
            "popping your finger joints will give you arthritis later",
            "people who crack their knuckles end up with damaged joints",
        ],
        [
            "faire craquer ses doigts provoque de l'arthrose",
            "se faire craquer les articulations des doigts donne de l'arthrite plus tard",
            "ceux qui font craquer leurs doigts finissent avec des articulations abîmées",
        ],
    ),
    single(
        "great_wall",
        "science",
        [
            "the Great Wall of China is visible from space with the naked eye",
            "astronauts can see the Great Wall of China from orbit without binoculars",
            "the Great Wall is the only human structure you can see from the moon",
        ],
        [
            "la Grande Muraille de Chine est visible à l'œil nu depuis l'espace",
            "les astronautes peuvent voir la Grande Muraille depuis l'orbite sans jumelles",
            "la Grande Muraille est la seule construction humaine visible depuis la Lune",
        ],
    ),
    single(
        "wood_stoves",
        "energy",
        [
            "the EU is going to ban wood-burning stoves",
            "Brussels wants to outlaw log burners in homes",
            "European rules will soon forbid heating your house with a wood stove",
        ],
        [
            "l'Union européenne va interdire les poêles à bois",
            "Bruxelles veut interdire les poêles à bûches dans les logements",
            "les règles européennes vont bientôt interdire de se chauffer au bois",
        ],
        [
            "the EU is not going to ban wood-burning stoves",
            "Brussels does not want to outlaw log burners in homes",
        ],
        [
            "l'Union européenne ne va pas interdire les poêles à bois",
            "Bruxelles ne veut pas interdire les poêles à bûches",
        ],
    ),
    single(
        "solar_recycling",
        "energy",
        [
            "solar panels cannot be recycled",
            "used photovoltaic panels all end up in landfill because they are unrecyclable",
            "there is no way to recycle a solar panel at the end of its life",
        ],
        [
            "les panneaux solaires ne sont pas recyclables",
            "les panneaux photovoltaïques usagés finissent tous à la décharge car on ne peut pas les recycler",
            "il n'existe aucun moyen de recycler un panneau solaire en fin de vie",
        ],
        ["solar panels can be recycled", "used photovoltaic panels are recyclable"],
        [
            "les panneaux solaires sont recyclables",
            "les panneaux photovoltaïques usagés peuvent être recyclés",
        ],
    ),
    single(
        "nuclear_vs_wind",
        "energy",
        [
            "nuclear power emits more CO2 than wind power",
            "per kilowatt-hour, reactors produce more carbon dioxide than wind turbines",
            "electricity from nuclear plants has a bigger carbon footprint than wind energy",
        ],
        [
            "le nucléaire émet plus de CO2 que l'éolien",
            "par kilowattheure, les réacteurs produisent plus de dioxyde de carbone que les éoliennes",
            "l'électricité des centrales nucléaires a une empreinte carbone plus lourde que l'énergie éolienne",
        ],
    ),
    single(
        "organic_nutrients",
        "agriculture",
        [
            "organic food contains far more nutrients than conventional food",
            "organic vegetables are much more nutritious than ordinary ones",
            "going organic gives you several times more vitamins per meal",
        ],
        [
            "les aliments bio contiennent beaucoup plus de nutriments que les aliments conventionnels",
            "les légumes bio sont bien plus nutritifs que les légumes ordinaires",
            "manger bio apporte plusieurs fois plus de vitamines par repas",
        ],
    ),
    single(
        "bottles_car",
        "health",
        [
            "plastic water bottles left in a hot car release chemicals that cause cancer",
            "drinking from a bottle that has been in a hot car gives you cancer",
            "heat turns the plastic of water bottles into a carcinogen",
        ],
        [
            "les bouteilles d'eau en plastique laissées dans une voiture chaude libèrent des substances cancérigènes",
            "boire une bouteille restée dans une voiture en plein soleil donne le cancer",
            "la chaleur transforme le plastique des bouteilles d'eau en produit cancérogène",
        ],
    ),
    single(
        "antibiotics_cold",
        "health",
        [
            "antibiotics cure the common cold",
            "a course of antibiotics gets rid of a cold faster",
            "you should take antibiotics when you catch a cold",
        ],
        [
            "les antibiotiques guérissent le rhume",
            "un traitement antibiotique fait passer un rhume plus vite",
            "il faut prendre des antibiotiques quand on attrape un rhume",
        ],
        [
            "antibiotics do not cure the common cold",
            "a course of antibiotics does not get rid of a cold faster",
        ],
        [
            "les antibiotiques ne guérissent pas le rhume",
            "un traitement antibiotique ne fait pas passer un rhume plus vite",
        ],
    ),
    single(
        "flu_shot_flu",
        "health",
        [
            "the flu vaccine gives you the flu",
            "getting a flu jab makes you catch influenza",
            "people fall ill with flu because of the seasonal flu shot",
        ],
        [
            "le vaccin contre la grippe donne la grippe",
            "se faire vacciner contre la grippe fait attraper la maladie",
            "on tombe malade de la grippe à cause du vaccin saisonnier",
        ],
        [
            "the flu vaccine does not give you the flu",
            "getting a flu jab does not make you catch influenza",
        ],
        [
            "le vaccin contre la grippe ne donne pas la grippe",
            "se faire vacciner contre la grippe ne fait pas attraper la maladie",
        ],
    ),
    single(
        "hpv_infertility",
        "health",
        [
            "the HPV vaccine causes infertility in girls",
            "the papillomavirus jab makes young women sterile",
            "girls vaccinated against HPV will be unable to have children",
        ],
        [
            "le vaccin contre le HPV rend les filles stériles",
            "le vaccin contre le papillomavirus provoque l'infertilité chez les jeunes femmes",
            "les filles vaccinées contre le HPV seront incapables d'avoir des enfants",
        ],
        [
            "the HPV vaccine does not cause infertility in girls",
            "the papillomavirus jab does not make young women sterile",
        ],
        [
            "le vaccin contre le HPV ne rend pas les filles stériles",
            "le vaccin contre le papillomavirus ne provoque pas d'infertilité",
        ],
    ),
    single(
        "heat_pumps_cold",
        "energy",
        [
            "heat pumps stop working in freezing weather",
            "below zero degrees, a heat pump can no longer heat a house",
            "heat pumps are useless in cold winters",
        ],
        [
            "les pompes à chaleur cessent de fonctionner quand il gèle",
            "en dessous de zéro degré, une pompe à chaleur est incapable de chauffer une maison",
            "les pompes à chaleur sont inutiles pendant les hivers froids",
        ],
    ),
    single(
        "polar_bears",
        "climate",
        [
            "polar bear numbers are growing",
            "there are more polar bears today than ever before",
            "the polar bear population is booming despite climate change",
        ],
        [
            "le nombre d'ours polaires augmente",
            "il y a aujourd'hui plus d'ours blancs que jamais",
            "la population d'ours polaires explose malgré le changement climatique",
        ],
    ),
    single(
        "volcanoes_co2",
        "climate",
        [
            "volcanoes emit more CO2 than human activity",
            "a single volcanic eruption releases more carbon dioxide than all the cars on Earth",
            "volcanic emissions dwarf humanity's carbon pollution",
        ],
        [
            "les volcans émettent plus de CO2 que les activités humaines",
            "une seule éruption volcanique rejette plus de dioxyde de carbone que toutes les voitures de la planète",
            "les émissions des volcans écrasent la pollution carbone de l'humanité",
        ],
        [
            "volcanoes do not emit more CO2 than human activity",
            "volcanic eruptions do not release more carbon dioxide than humans",
        ],
        [
            "les volcans n'émettent pas plus de CO2 que les activités humaines",
            "les éruptions volcaniques ne rejettent pas plus de dioxyde de carbone que l'homme",
        ],
    ),
    single(
        "arctic_ice",
        "climate",
        [
            "Arctic sea ice has fully recovered",
            "the ice cap at the North Pole is back to its normal size",
            "there is as much sea ice in the Arctic today as in the 1980s",
        ],
        [
            "la banquise arctique s'est entièrement reconstituée",
            "la calotte glaciaire du pôle Nord a retrouvé sa taille normale",
            "il y a autant de glace de mer en Arctique aujourd'hui que dans les années 1980",
        ],
    ),
    single(
        "bulls_red",
        "science",
        [
            "bulls are enraged by the colour red",
            "the red cape is what makes a bull charge",
            "red fabric drives bulls into a fury",
        ],
        [
            "les taureaux sont rendus furieux par la couleur rouge",
            "c'est la cape rouge qui fait charger le taureau",
            "le tissu rouge rend les taureaux fous de rage",
        ],
    ),
    single(
        "cold_causes_colds",
        "health",
        [
            "going out with wet hair in the cold gives you a cold",
            "cold weather itself makes you catch a cold",
            "you get sick from being chilly, not from a virus",
        ],
        [
            "sortir les cheveux mouillés dans le froid donne un rhume",
            "c'est le froid lui-même qui fait attraper un rhume",
            "on tombe malade parce qu'on a froid, et non à cause d'un virus",
        ],
    ),
    single(
        "eggs_cholesterol",
        "health",
        [
            "eating eggs raises your cholesterol to dangerous levels",
            "an egg a day is bad for your heart because of the cholesterol",
            "eggs clog your arteries",
        ],
        [
            "manger des œufs fait grimper le cholestérol à des niveaux dangereux",
            "un œuf par jour est mauvais pour le cœur à cause du cholestérol",
            "les œufs bouchent les artères",
        ],
    ),
    single(
        "red_wine_heart",
        "health",
        [
            "a glass of red wine a day is good for your heart",
            "drinking red wine daily protects against heart disease",
            "moderate red wine consumption keeps your arteries healthy",
        ],
        [
            "un verre de vin rouge par jour est bon pour le cœur",
            "boire du vin rouge quotidiennement protège des maladies cardiaques",
            "une consommation modérée de vin rouge préserve les artères",
        ],
        [
            "a glass of red wine a day is not good for your heart",
            "drinking red wine daily does not protect against heart disease",
        ],
        [
            "un verre de vin rouge par jour n'est pas bon pour le cœur",
            "boire du vin rouge quotidiennement ne protège pas des maladies cardiaques",
        ],
    ),
    single(
        "gluten_weight",
        "health",
        [
            "a gluten-free diet helps you lose weight",
            "cutting out gluten makes you slim down",
            "people shed kilos simply by avoiding gluten",
        ],
        [
            "un régime sans gluten fait maigrir",
            "supprimer le gluten permet de perdre du poids",
            "on perd des kilos simplement en évitant le gluten",
        ],
    ),
    single(
        "var_abolished",
        "sport",
        [
            "FIFA has abolished the video assistant referee",
            "VAR will no longer be used in international football",
            "football's governing body has scrapped video refereeing",
        ],
        [
            "la FIFA a supprimé l'arbitrage vidéo",
            "la VAR ne sera plus utilisée dans le football international",
            "l'instance dirigeante du football a abandonné l'assistance vidéo à l'arbitrage",
        ],
    ),
    single(
        "seine_swim",
        "sport",
        [
            "Olympic triathletes fell ill after swimming in the Seine",
            "athletes got sick from the polluted river Seine during the Paris Games",
            "swimming in the Seine at the Olympics made competitors ill",
        ],
        [
            "des triathlètes olympiques sont tombés malades après avoir nagé dans la Seine",
            "des athlètes ont été malades à cause de la Seine polluée pendant les Jeux de Paris",
            "nager dans la Seine aux Jeux olympiques a rendu des concurrents malades",
        ],
        [
            "no Olympic triathlete fell ill after swimming in the Seine",
            "athletes did not get sick from the river Seine during the Paris Games",
        ],
        [
            "aucun triathlète olympique n'est tombé malade après avoir nagé dans la Seine",
            "les athlètes n'ont pas été malades à cause de la Seine pendant les Jeux de Paris",
        ],
    ),
    single(
        "lithium_water",
        "energy",
        [
            "lithium mining for car batteries uses more water than growing cotton",
            "extracting the lithium for one EV battery drains more water than a cotton field",
            "battery lithium is thirstier than cotton farming",
        ],
        [
            "l'extraction du lithium des batteries consomme plus d'eau que la culture du coton",
            "extraire le lithium d'une batterie de voiture électrique assèche plus d'eau qu'un champ de coton",
            "le lithium des batteries est plus gourmand en eau que le coton",
        ],
    ),
    single(
        "immigrants_crime",
        "crime",
        [
            "immigrants commit most of the crimes in Europe",
            "the majority of offences in Europe are carried out by foreigners",
            "most criminals in European countries are migrants",
        ],
        [
            "les immigrés commettent la plupart des crimes en Europe",
            "la majorité des délits en Europe sont commis par des étrangers",
            "la plupart des délinquants dans les pays européens sont des migrants",
        ],
        [
            "immigrants do not commit most of the crimes in Europe",
            "the majority of offences in Europe are not carried out by foreigners",
        ],
        [
            "les immigrés ne commettent pas la plupart des crimes en Europe",
            "la majorité des délits en Europe ne sont pas commis par des étrangers",
        ],
    ),
    single(
        "prisoners_vote",
        "elections",
        [
            "prisoners are allowed to vote from their cells",
            "inmates can cast a ballot in national elections without leaving prison",
            "people serving prison sentences keep the right to vote",
        ],
        [
            "les détenus peuvent voter depuis leur cellule",
            "les prisonniers peuvent participer aux élections nationales sans sortir de prison",
            "les personnes qui purgent une peine de prison gardent le droit de vote",
        ],
        [
            "prisoners are not allowed to vote from their cells",
            "inmates cannot cast a ballot without leaving prison",
        ],
        [
            "les détenus ne peuvent pas voter depuis leur cellule",
            "les prisonniers ne peuvent pas voter sans sortir de prison",
        ],
    ),
    single(
        "postal_vote_fraud",
        "elections",
        [
            "postal voting leads to massive election fraud",
            "voting by mail makes large-scale ballot rigging easy",
            "mail-in ballots are used to steal elections",
        ],
        [
            "le vote par correspondance entraîne une fraude électorale massive",
            "voter par courrier facilite le trucage des élections à grande échelle",
            "les bulletins envoyés par la poste servent à voler les élections",
        ],
        [
            "postal voting does not lead to massive election fraud",
            "voting by mail does not make ballot rigging easy",
        ],
        [
            "le vote par correspondance n'entraîne pas de fraude électorale massive",
            "voter par courrier ne facilite pas le trucage des élections",
        ],
    ),
    single(
        "ballots_foreign",
        "elections",
        [
            "votes are counted by a foreign company that can change the results",
            "a private firm based abroad tallies the ballots and controls the outcome",
            "election results are in the hands of an overseas software company",
        ],
        [
            "les votes sont comptés par une société étrangère qui peut modifier les résultats",
            "une entreprise privée basée à l'étranger dépouille les bulletins et maîtrise le résultat",
            "les résultats des élections sont entre les mains d'un éditeur de logiciels étranger",
        ],
    ),
    single(
        "pencil_ballot",
        "elections",
        [
            "ballots filled in with a pencil can be erased and changed by officials",
            "if you vote in pencil, election staff will rub out your choice",
            "using the pencil in the polling booth lets officials alter your vote",
        ],
        [
            "les bulletins remplis au crayon peuvent être effacés et modifiés par les assesseurs",
            "si vous votez au crayon à papier, le personnel du bureau de vote gommera votre choix",
            "utiliser le crayon dans l'isoloir permet aux responsables de changer votre vote",
        ],
    ),
    single(
        "teachers_holidays",
        "education",
        [
            "teachers work only 18 hours a week",
            "a secondary teacher's working week is just 18 hours",
            "teachers put in no more than 18 hours of work per week",
        ],
        [
            "les enseignants ne travaillent que 18 heures par semaine",
            "la semaine de travail d'un professeur du secondaire se limite à 18 heures",
            "les professeurs ne font que 18 heures de travail hebdomadaire",
        ],
    ),
    single(
        "homework_ban",
        "education",
        [
            "homework has been banned in primary schools",
            "primary pupils are no longer allowed to be given homework",
            "giving homework to young schoolchildren is now forbidden",
        ],
        [
            "les devoirs à la maison sont interdits à l'école primaire",
            "il est interdit de donner des devoirs aux écoliers du primaire",
            "donner des devoirs aux jeunes élèves est désormais proscrit",
        ],
    ),
    single(
        "screens_myopia",
        "health",
        [
            "screens are causing an epidemic of short-sightedness in children",
            "time on tablets and phones is making kids myopic",
            "children's eyesight is deteriorating because of screen use",
        ],
        [
            "les écrans provoquent une épidémie de myopie chez les enfants",
            "le temps passé sur les tablettes et téléphones rend les enfants myopes",
            "la vue des enfants se dégrade à cause des écrans",
        ],
    ),
    single(
        "tap_water_bottled",
        "health",
        [
            "bottled water is safer to drink than tap water",
            "mineral water in bottles is healthier than water from the tap",
            "tap water is more dangerous than bottled water",
        ],
        [
            "l'eau en bouteille est plus sûre que l'eau du robinet",
            "l'eau minérale en bouteille est meilleure pour la santé que l'eau du robinet",
            "l'eau du robinet est plus dangereuse que l'eau en bouteille",
        ],
        [
            "bottled water is not safer to drink than tap water",
            "mineral water in bottles is not healthier than tap water",
        ],
        [
            "l'eau en bouteille n'est pas plus sûre que l'eau du robinet",
            "l'eau minérale en bouteille n'est pas meilleure pour la santé que l'eau du robinet",
        ],
    ),
    single(
        "cow_methane",
        "agriculture",
        [
            "cows produce more greenhouse gases than all cars combined",
            "cattle burps warm the planet more than the whole car fleet",
            "livestock emissions exceed those of every vehicle on the road",
        ],
        [
            "les vaches produisent plus de gaz à effet de serre que toutes les voitures réunies",
            "les rots des bovins réchauffent davantage la planète que l'ensemble du parc automobile",
            "les émissions de l'élevage dépassent celles de tous les véhicules en circulation",
        ],
    ),
    single(
        "glyphosate",
        "agriculture",
        [
            "glyphosate causes cancer in farmers",
            "the weedkiller glyphosate gives agricultural workers cancer",
            "farmers who spray glyphosate develop cancers",
        ],
        [
            "le glyphosate provoque des cancers chez les agriculteurs",
            "le désherbant glyphosate donne le cancer aux travailleurs agricoles",
            "les agriculteurs qui pulvérisent du glyphosate développent des cancers",
        ],
        [
            "glyphosate does not cause cancer in farmers",
            "the weedkiller glyphosate does not give agricultural workers cancer",
        ],
        [
            "le glyphosate ne provoque pas de cancer chez les agriculteurs",
            "le désherbant glyphosate ne donne pas le cancer aux travailleurs agricoles",
        ],
    ),
    single(
        "tgv_cheaper_plane",
        "transport",
        [
            "flying is always cheaper than taking the train in Europe",
            "a plane ticket costs less than a train ticket for the same trip",
            "trains in Europe are more expensive than flights on every route",
        ],
        [
            "prendre l'avion est toujours moins cher que le train en Europe",
            "un billet d'avion coûte moins qu'un billet de train pour le même trajet",
            "en Europe, le train est plus cher que l'avion sur tous les trajets",
        ],
    ),
    single(
        "scooters_deaths",
        "transport",
        [
            "electric scooters kill more people than cars in cities",
            "e-scooters are deadlier than cars on urban roads",
            "more city dwellers die on electric scooters than in car crashes",
        ],
        [
            "les trottinettes électriques tuent plus que les voitures en ville",
            "les trottinettes sont plus meurtrières que les voitures en milieu urbain",
            "en ville, on meurt davantage en trottinette électrique qu'en voiture",
        ],
    ),
    single(
        "ai_jobs",
        "technology",
        [
            "artificial intelligence will destroy half of all jobs within ten years",
            "AI is going to wipe out 50% of jobs in the next decade",
            "within a decade, machines with artificial intelligence will have replaced one worker in two",
        ],
        [
            "l'intelligence artificielle va détruire la moitié des emplois d'ici dix ans",
            "l'IA va supprimer 50{sp}% des emplois au cours de la prochaine décennie",
            "d'ici dix ans, les machines dotées d'intelligence artificielle auront remplacé un travailleur sur deux",
        ],
    ),
    single(
        "wifi_schools",
        "technology",
        [
            "Wi-Fi in schools harms children's health",
            "wireless internet in classrooms makes pupils ill",
            "the waves from school Wi-Fi routers damage children's health",
        ],
        [
            "le wifi dans les écoles nuit à la santé des enfants",
            "l'internet sans fil dans les classes rend les élèves malades",
            "les ondes des bornes wifi scolaires abîment la santé des enfants",
        ],
        [
            "Wi-Fi in schools does not harm children's health",
            "wireless internet in classrooms does not make pupils ill",
        ],
        [
            "le wifi dans les écoles ne nuit pas à la santé des enfants",
            "l'internet sans fil dans les classes ne rend pas les élèves malades",
        ],
    ),
]


# --- Building the base and the queries ---------------------------------------------------

ORGANISATIONS = {
    "en": [
        "Full Fact",
        "PolitiFact",
        "FactCheck.org",
        "Reuters Fact Check",
        "AFP Fact Check",
        "Snopes",
        "Lead Stories",
        "Africa Check",
        "BBC Verify",
        "Logically Facts",
    ],
    "fr": [
        "AFP Factuel",
        "Les Décodeurs",
        "CheckNews",
        "Les Observateurs",
        "Fake Off",
        "Les Vérificateurs",
        "Vrai ou Faux",
        "Africa Check",
    ],
}
OURS = "Factcheck"

ATTRIBUTIONS = {
    "en": [
        "{claim}",
        "{claim}",
        "{claim}",
        "Says {claim}",
        "A viral post claims that {claim}",
        "Social media users say {claim}",
        "An MP said that {claim}",
        "A campaign leaflet claims that {claim}",
        "A TV commentator said {claim}",
        "Claim: {claim}",
        "A widely shared video says {claim}",
        "The opposition leader claimed that {claim}",
    ],
    "fr": [
        "{claim}",
        "{claim}",
        "{claim}",
        "Selon une publication virale, {claim}",
        "Un député affirme que {claim}",
        "Des internautes assurent que {claim}",
        "Un tract de campagne prétend que {claim}",
        "Selon un éditorialiste, {claim}",
        "Une vidéo très partagée affirme que {claim}",
        "Une ministre a déclaré que {claim}",
        "Le chef de l'opposition a assuré que {claim}",
    ],
}

RATINGS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading", "unverifiable"]
RATING_WEIGHTS = {
    "viral": [3, 3, 6, 14, 50, 20, 4],
    "negated_viral": [55, 20, 10, 5, 3, 5, 2],
    "other": [16, 16, 14, 16, 18, 14, 6],
}

VOWELS = "aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊËÎÏÔÛ"
QUERY_MIX = {"paraphrase": 100, "translation": 120, "number": 50, "negation": 50}
LATEST = date(2025, 6, 30)


# Word-level variation: each fact-check and query is written by someone else, so the
# same wording is rarely reused word for word. Each listed word is replaced, half the
# time, by one of its alternatives (whole words only).
SYNONYMS = {
    "en": {
        "fell": ["dropped", "declined"],
        "dropped": ["fell", "decreased"],
        "rose": ["increased", "climbed"],
        "went up": ["increased", "climbed"],
        "people": ["individuals", "persons"],
        "children": ["kids", "youngsters"],
        "now": ["currently", "today"],
        "average": ["mean"],
        "on average": ["typically", "on the whole"],
        "has cut": ["has slashed", "has eliminated"],
        "lost": ["shed"],
        "recorded": ["registered", "logged"],
        "a month": ["per month", "monthly"],
        "per month": ["a month", "monthly"],
        "every year": ["annually", "each year"],
        "a year": ["per year", "annually"],
        "only": ["just", "merely"],
        "banned": ["prohibited", "outlawed"],
        "cause": ["lead to", "trigger"],
        "causes": ["leads to", "triggers"],
        "spent": ["paid out"],
        "earn": ["make", "take home"],
        "killed": ["claimed the lives of"],
        "the authorities": ["officials"],
        "state": ["government"],
        "illegal": ["unlawful", "against the law"],
    },
    "fr": {
        "a baissé": ["a diminué", "a reculé"],
        "ont baissé": ["ont diminué", "ont reculé"],
        "a augmenté": ["a progressé", "s'est accrue"],
        "ont augmenté": ["ont progressé", "se sont accrus"],
        "personnes": ["individus", "habitants"],
        "enfants": ["petits", "jeunes enfants"],
        "désormais": ["aujourd'hui", "maintenant"],
        "en moyenne": ["en général", "en règle générale"],
        "plus de": ["au-delà de", "davantage que"],
        "a supprimé": ["a éliminé", "a rayé"],
        "a perdu": ["s'est vu retirer"],
        "a enregistré": ["a recensé", "a comptabilisé"],
        "par mois": ["chaque mois", "mensuellement"],
        "chaque année": ["tous les ans", "par an"],
        "par an": ["chaque année", "annuellement"],
        "seuls": ["uniquement", "tout juste"],
        "interdit": ["prohibé", "proscrit"],
        "provoquent": ["entraînent", "causent"],
        "provoque": ["entraîne", "cause"],
        "a dépensé": ["a déboursé"],
        "gagnent": ["touchent", "perçoivent"],
        "les autorités": ["les pouvoirs publics"],
        "l'État": ["les pouvoirs publics"],
        "illégal": ["interdit par la loi", "hors la loi"],
    },
}


def vary(text, language, rng):
    """Replace listed words, half the time each, by one of their alternatives."""
    table = SYNONYMS[language]
    pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")\b"
    )

    def substitute(match):
        if rng.random() < 0.5:
            return match.group(0)
        return rng.choice(table[match.group(0)])

    return pattern.sub(substitute, text)


def capitalize(text):
    return text[:1].upper() + text[1:]


def attribute(claim, language, rng):
    pattern = rng.choice(ATTRIBUTIONS[language])
    if pattern == "{claim}":
        return capitalize(claim) + "."
    if language == "fr" and pattern.endswith("que {claim}") and claim[:1] in VOWELS:
        pattern = pattern[: -len("que {claim}")] + "qu'{claim}"
    return pattern.format(claim=claim) + "."


@dataclass
class Claim:
    """A proposition: a frame, its slot values and a polarity."""

    frame: Frame
    values: dict
    negated: bool = False
    docs: list = field(default_factory=list)  # (fact-check id, language, wording index)
    twin_of: Claim | None = None
    twin_kind: str = ""

    @property
    def key(self):
        parts = [self.frame.name] + [
            f"{name}={self.frame.slots[name].key(value)}"
            for name, value in sorted(self.values.items())
        ]
        return "|".join(parts) + ("|not" if self.negated else "")

    def text(self, language, wording, rng):
        template = self.frame.wordings(language, self.negated)[wording]
        rendered = {
            name: self.frame.slots[name].render(value, language, rng)
            for name, value in self.values.items()
        }
        return vary(template.format(sp=rng.choice(NBSP_CHOICES), **rendered), language, rng)

    def year(self):
        for name, value in self.values.items():
            if name == "year":
                return value
        return None


def draw_values(frame, rng):
    values = {name: slot.draw(rng) for name, slot in frame.slots.items()}
    if "c2" in values:
        while values["c2"] is values["c"]:
            values["c2"] = frame.slots["c2"].draw(rng)
    return values


def figure_slot(frame):
    """The slot whose change makes a figure-changed twin: the first figure that is not a year.

    A frame whose only figure is a year has none (its negation makes its twins)."""
    names = [name for name, slot in frame.slots.items() if getattr(slot, "numeric", False)]
    for name in names:
        if name != "year":
            return name
    return None


def changed_figure(frame, values, rng):
    name = figure_slot(frame)
    slot = frame.slots[name]
    old = values[name]
    for _ in range(100):
        new = slot.draw(rng)
        if new != old and abs(new - old) >= min(abs(old) * 0.08, 2 * slot.step):
            return {**values, name: new}
    raise RuntimeError(f"no other figure for {frame.name}")


def make_claims(rng):
    claims = []
    for frame in FRAMES + SINGLES:
        seen = set()
        frame_claims = []
        while len(frame_claims) < frame.instances:
            claim = Claim(frame, draw_values(frame, rng))
            if claim.key in seen:
                continue
            seen.add(claim.key)
            frame_claims.append(claim)
        twins = []
        if figure_slot(frame):
            for original in rng.sample(frame_claims, 3):
                twin = Claim(frame, changed_figure(frame, original.values, rng))
                if twin.key not in seen:
                    seen.add(twin.key)
                    twin.twin_of, twin.twin_kind = original, "number"
                    twins.append(twin)
        if frame.neg_en:
            count = 1 if not frame.slots else 5
            for original in rng.sample(frame_claims, count):
                twin = Claim(frame, dict(original.values), negated=True)
                twin.twin_of, twin.twin_kind = original, "negation"
                twins.append(twin)
        claims.extend(frame_claims + twins)
    return claims


def fact_check_date(claim, rng):
    year_value = claim.year()
    if year_value and 2016 <= year_value <= 2024:
        start = date(year_value, 1, 1)
        end = min(date(year_value + 1, 12, 31), LATEST)
    else:
        start, end = date(2019, 1, 1), LATEST
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def rating(claim, rng):
    if claim.frame.viral:
        weights = RATING_WEIGHTS["negated_viral" if claim.negated else "viral"]
    else:
        weights = RATING_WEIGHTS["other"]
    return rng.choices(RATINGS, weights)[0]


def make_fact_checks(claims, rng):
    records = []
    for claim in claims:
        first = rng.choice(["en", "fr"])
        languages = [first]
        if claim.twin_of is None and rng.random() < BILINGUAL_SHARE:
            languages.append("fr" if first == "en" else "en")
        for language in languages:
            wording = rng.randrange(len(claim.frame.wordings(language, claim.negated)))
            organisation = OURS if rng.random() < 0.2 else rng.choice(ORGANISATIONS[language])
            record = {
                "text": attribute(claim.text(language, wording, rng), language, rng),
                "language": language,
                "rating": rating(claim, rng),
                "organisation": organisation,
                "date": fact_check_date(claim, rng).isoformat(),
                "topic": claim.frame.topic,
            }
            records.append((claim, language, wording, record))
    rng.shuffle(records)
    fact_checks = []
    for number, (claim, language, wording, record) in enumerate(records, start=1):
        identifier = f"fc{number:05d}"
        claim.docs.append((identifier, language, wording))
        fact_checks.append({"id": identifier, **record})
    return fact_checks


def query_text(claim, language, wording, rng):
    text = capitalize(claim.text(language, wording, rng))
    return text + "." if rng.random() < 0.5 else text


def unused_wording(claim, language, rng):
    """A wording of ``claim`` in ``language`` that none of its fact-checks uses."""
    used = {wording for _, doc_language, wording in claim.docs if doc_language == language}
    free = [
        index
        for index in range(len(claim.frame.wordings(language, claim.negated)))
        if index not in used
    ]
    return rng.choice(free) if free else None


def make_queries(claims, rng):
    by_kind = {kind: [] for kind in QUERY_MIX}
    twinned = {id(claim.twin_of) for claim in claims if claim.twin_of is not None}
    for claim in claims:
        if claim.twin_of is not None:
            by_kind[claim.twin_kind].append((claim, claim.twin_of))
            by_kind[claim.twin_kind].append((claim.twin_of, claim))
        elif id(claim) not in twinned:
            languages = {language for _, language, _ in claim.docs}
            if len(languages) == 1:
                by_kind["translation"].append((claim, None))
            by_kind["paraphrase"].append((claim, None))
    queries, used_claims = [], set()
    for kind, wanted in QUERY_MIX.items():
        pool = by_kind[kind]
        rng.shuffle(pool)
        per_frame = {}
        for claim, distractor in pool:
            if len([q for q in queries if q["kind"] == kind]) >= wanted:
                break
            if id(claim) in used_claims or per_frame.get(claim.frame.name, 0) >= 3:
                continue
            doc_languages = sorted({language for _, language, _ in claim.docs})
            if kind == "translation":
                language = "fr" if doc_languages == ["en"] else "en"
                wording = rng.randrange(len(claim.frame.wordings(language, claim.negated)))
            else:
                language = rng.choice(doc_languages if kind == "paraphrase" else ["en", "fr"])
                wording = unused_wording(claim, language, rng)
                if wording is None:
                    continue
            used_claims.add(id(claim))
            if distractor is not None:
                used_claims.add(id(distractor))
            per_frame[claim.frame.name] = per_frame.get(claim.frame.name, 0) + 1
            queries.append(
                {
                    "kind": kind,
                    "frame": claim.frame.name,
                    "text": query_text(claim, language, wording, rng),
                    "language": language,
                    "relevant": sorted(identifier for identifier, _, _ in claim.docs),
                    "distractors": sorted(identifier for identifier, _, _ in distractor.docs)
                    if distractor is not None
                    else [],
                }
            )
    return queries


def assign_splits(queries):
    """Half the frames tune, the other half are held out (alternating in a fixed order)."""
    frames = sorted(
        {q["frame"] for q in queries}, key=lambda name: (zlib.crc32(name.encode()), name)
    )
    split = {name: ("tune" if index % 2 == 0 else "heldout") for index, name in enumerate(frames)}
    for number, query in enumerate(queries, start=1):
        query["id"] = f"q{number:03d}"
        query["split"] = split[query["frame"]]
        query["cross_language"] = all(
            identifier_language != query["language"]
            for identifier_language in query.pop("_languages", [])
        )


def build():
    rng = random.Random(SEED)
    claims = make_claims(rng)
    fact_checks = make_fact_checks(claims, rng)
    queries = make_queries(claims, rng)
    languages = {record["id"]: record["language"] for record in fact_checks}
    for query in queries:
        query["_languages"] = [languages[identifier] for identifier in query["relevant"]]
    assign_splits(queries)
    ordered = [
        {
            key: query[key]
            for key in (
                "id",
                "text",
                "language",
                "kind",
                "cross_language",
                "split",
                "relevant",
                "distractors",
                "frame",
            )
        }
        for query in queries
    ]
    return fact_checks, ordered


def write_jsonl(path, records):
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main():
    fact_checks, queries = build()
    write_jsonl(HERE / "factchecks.jsonl", fact_checks)
    write_jsonl(HERE / "queries.jsonl", queries)
    kinds = {}
    for query in queries:
        kinds[(query["kind"], query["split"])] = kinds.get((query["kind"], query["split"]), 0) + 1
    print(f"{len(fact_checks)} fact-checks, {len(queries)} queries: {dict(sorted(kinds.items()))}")


if __name__ == "__main__":
    main()
