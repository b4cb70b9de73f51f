"""What a web page shows around an article that is not its text: paywall notices, captions, credits.

Kept in one place, in French and English, with why each rule is there. Two kinds of rule:

- **Structural**, on the page before its text is extracted: ``<figcaption>``, and the
  elements whose class, id or ARIA label names a caption, a photo credit or a paywall
  (:data:`CAPTION_WORDS`, :data:`PAYWALL_WORDS`). Such an element is left out only when
  it is short (at most :data:`NOTICE_MAX_WORDS` words), holds no headline and no
  ``<article>``, and is not inside a paragraph: a site that wraps the article's own text
  in ``class="caption-container"`` keeps it, and so does a sentence with a
  ``<span class="credit">`` in it (the textual rules judge the whole paragraph).
- **Textual**, on each extracted paragraph: a paragraph that is *entirely* a paywall
  notice (:data:`PAYWALL_PHRASES`) or a credit or a credited caption
  (:data:`CREDIT_PATTERNS`), and short. A sentence of the article that speaks of
  subscribers, of Getty Images or of a photographer is never one: the rules want the
  notice's whole wording, or a credit at the very end of a short caption.

Pure functions, no Django: the HTML reader (``html_page``) uses them.
"""

from __future__ import annotations

import re

# --- Structural rules ---------------------------------------------------------------------

# Words of a class or id (cut at "-", "_" and spaces) that name a caption or a credit:
# "wp-caption-text" (WordPress), "article__caption", "photo-credit", "media-credit",
# "legende" / "légende" (French sites' captions), "copyright" (the line under a photo).
CAPTION_WORDS = frozenset(
    {"caption", "figcaption", "credit", "credits", "legende", "légende", "copyright"}
)
# Words that name a paywall or a registration wall: "paywall", "paywall-banner",
# "regwall"; "tp-modal" and "tp-container" are Piano's (the paywall vendor of many French
# and English newspapers). Not "premium" nor "abonne": several sites put the
# subscribers' text itself in class="article-premium" or "contenu-abonnes"; not
# "gateway", which is as often a payment gateway in a footer.
PAYWALL_WORDS = frozenset({"paywall", "regwall", "tp-modal", "tp-container"})
# An element longer than this is never left out by a structural rule: it is article text.
NOTICE_MAX_WORDS = 60

# --- Textual rules ----------------------------------------------------------------------

# A paragraph longer than this is never a notice or a caption.
PARAGRAPH_MAX_WORDS = 60

_APOSTROPHE = "['\u2019]"
_REST = r"[^.!?]*[.!?…]*"  # the rest of the sentence, up to its stop

# Paywall notices, each a whole sentence (a paragraph may chain several: "Cet article est
# réservé aux abonnés. Il vous reste 80 % de cet article à lire.").
PAYWALL_PHRASES = (
    # French: Le Monde, Le Figaro, Libération, Les Échos, regional dailies.
    rf"(?:cet |l{_APOSTROPHE})?article (?:est )?réservé aux (?:abonnés|abonnées){_REST}",
    rf"(?:contenu|article|édition) (?:réservée? )?(?:aux )?abonnés{_REST}",
    rf"il vous reste \d+\s?% de (?:cet |l{_APOSTROPHE}\s?)article à lire{_REST}",
    rf"la suite (?:de cet article |de l{_APOSTROPHE}article )?est réservée aux abonnés{_REST}",
    rf"(?:vous êtes |déjà )abonnée? ?\?{_REST}",
    rf"abonnez-vous (?:pour|afin de|et) (?:lire|continuer|accéder|profiter){_REST}",
    rf"(?:pour )?(?:lire|accéder à|découvrir) la suite(?: de cet article)?,? abonnez-vous{_REST}",
    rf"(?:je m{_APOSTROPHE}abonne|s{_APOSTROPHE}abonner|se connecter)[.!]?",
    # English: NYT, Washington Post, FT, The Telegraph, Piano's templates.
    rf"subscribe (?:now |today )?to (?:continue|keep) reading{_REST}",
    r"(?:this (?:article|story|content) is )?(?:only )?(?:available )?(?:exclusively )?"
    r"for (?:paying )?subscribers(?: only)?[.!]?",
    rf"this is (?:a )?subscriber[- ]only (?:article|story|content){_REST}",
    rf"already (?:a subscriber|have an account|subscribed) ?\?{_REST}",
    rf"you have (?:\d+|one|two|three|no) free (?:articles?|stories) (?:left|remaining){_REST}",
    rf"to (?:continue|keep) reading,? (?:please )?(?:subscribe|log in|sign in|register){_REST}",
    rf"(?:create|register for) a free account to (?:continue|keep) reading{_REST}",
    r"(?:subscribe|sign in|log in)(?: now| today)?[.!]?",
)
_PAYWALL = re.compile(r"(?:(?:" + "|".join(PAYWALL_PHRASES) + r")\s*)+", re.IGNORECASE | re.UNICODE)

_AGENCIES = (
    r"afp|reuters|ap|epa|getty images|getty|maxppp|sipa|abaca|hans lucas|shutterstock|"
    r"istock|alamy|bloomberg|associated press|belga|ansa|dpa|xinhua|pool|afp photo"
)
# Credits, alone or closing a short caption. Not "Crédit :" alone, which is also French
# for a loan ("Crédit immobilier : les taux remontent"), and a caption's credit only
# after a stop, so that a heading such as "Une photo : celle qui a tout changé" stays.
CREDIT_PATTERNS = (
    # "© AFP", "© Franck Fife / AFP", "(c) Reuters", "Copyright Getty Images" (not
    # "Copyright law was changed…": after "Copyright", a year or an agency, no stop)
    r"(?:©|\(c\))\s*\S.{0,100}",
    rf"copyright\s?(?:©|\d{{4}}|{_AGENCIES})[^.]{{0,100}}",
    # "Crédit photo : X", "Crédits : X", "Credit: X", "Photo : X / AFP", "Illustration : X"
    r"(?:crédits? photos?|crédits|credits?|photos?|image|illustration|infographie)"
    r"\s?:\s?.{1,100}",
    # "(Photo by Kevin Dietsch/Getty Images)", "(AP Photo/Evan Vucci)", "(Photo : AFP)"
    r"\((?:(?:ap|afp|reuters) )?(?:photo|image)\b[^()]{1,100}\)\.?",
    # "Photo by Kevin Dietsch/Getty Images", "AP Photo/Evan Vucci"
    r"(?:photo|image) (?:by|credit|courtesy of)\s?:?\s?.{1,100}",
    r"(?:ap|afp|reuters) photo\s?/\s?.{1,80}",
    # An agency's name alone: "Getty Images", "AFP".
    rf"(?:{_AGENCIES})(?: via getty images)?\.?",
    # A caption closed by its credit: "… au Parc des Princes. Photo : Franck Fife / AFP",
    # "… à Washington (Photo by Kevin Dietsch/Getty Images)", "… Franck Fife / AFP".
    r".{1,400}?[.!?…)»]\s(?:photos?|crédits? photos?|crédits|credits?|image)\s?:\s?[^.]{1,100}",
    r".{1,400}?\s\((?:(?:ap|afp|reuters) )?(?:photo|image)\b[^()]{0,100}\)\.?",
    rf".{{1,400}}?\s?/\s?(?:{_AGENCIES})(?:\s?/\s?[\w .-]{{1,40}})?\)?\.?",
)
_CREDIT = re.compile("|".join(f"(?:{p})" for p in CREDIT_PATTERNS), re.IGNORECASE | re.UNICODE)


def _folded(paragraph: str) -> str:
    # no-break and narrow no-break spaces (French typography) read as spaces
    return " ".join(paragraph.replace("\u00a0", " ").replace("\u202f", " ").split())


# Every phrase above has one of these words (lower case), and every credit one of these
# marks or is a name of at most 4 words: a paragraph without any is not tried against the
# expressions (a page of 5,000 paragraphs spent a tenth of a second in them).
PAYWALL_HINTS = (
    "abonn",
    "subscri",
    "connecter",
    "sign in",
    "log in",
    "account",
    "free ",
    "vous reste",
    "register",
)
CREDIT_HINTS = (
    "©",
    "(c)",
    "copyright",
    "crédit",
    "credit",
    "photo",
    "image",
    "illustration",
    "infographie",
    "/",
)
_AGENCY_MAX_WORDS = 4
_PAYWALL_HINT = re.compile("|".join(re.escape(hint) for hint in PAYWALL_HINTS))
_CREDIT_HINT = re.compile("|".join(re.escape(hint) for hint in CREDIT_HINTS))


def notice_kind(paragraph: str) -> str | None:
    """``"paywall"`` when the whole paragraph is a paywall notice (one or several of its
    phrases), ``"credit"`` when it is a credit or a short caption closed by its credit,
    else None (a paragraph of the article)."""
    words = len(paragraph.split())
    if words > PARAGRAPH_MAX_WORDS:
        return None
    lower = paragraph.lower()
    if _PAYWALL_HINT.search(lower) and _PAYWALL.fullmatch(_folded(paragraph)):
        return "paywall"
    if (words <= _AGENCY_MAX_WORDS or _CREDIT_HINT.search(lower)) and _CREDIT.fullmatch(
        _folded(paragraph)
    ):
        return "credit"
    return None


def is_paywall_notice(paragraph: str) -> bool:
    """Whether the whole paragraph is a paywall notice (one or several of its phrases)."""
    return notice_kind(paragraph) == "paywall"


def is_credit_or_caption(paragraph: str) -> bool:
    """Whether the whole paragraph is a credit, or a short caption closed by its credit."""
    return notice_kind(paragraph) == "credit"
