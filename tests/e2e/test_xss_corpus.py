"""Hostile text in every field a user writes, rendered in Chromium on every page that shows it.

Each payload would set ``window.__xss`` (or open a dialog) if it ran. The fields are
filled through the services, as the forms and the API fill them; then each page is
opened as the people who see it, and the browser is asked whether anything ran and
whether any element or attribute came from a payload (an event handler, a ``javascript:``
link, an inline script, a frame, an htmx attribute). JSON-LD blocks must still parse.
"""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import Claim
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    VerdictFactory,
    pending_correction,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARK = "window.__xss=1"
# Classic and less classic vectors: tags, attributes, URLs, Markdown, templates, htmx,
# breaking out of attributes, textareas, titles, scripts and JSON-LD, mutation XSS.
PAYLOADS = [
    f"<script>{MARK}</script>",
    f"<SCRIPT SRC=data:,{MARK}></SCRIPT>",
    f"<img src=x onerror={MARK}>",
    f'"><img src=x onerror="{MARK}">',
    f"'><svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f"<body onload={MARK}>",
    f'<iframe src="javascript:{MARK}"></iframe>',
    f'<iframe srcdoc="<script>{MARK}</script>"></iframe>',
    f'<a href="javascript:{MARK}">lien</a>',
    f'<a href="JaVaScRiPt:{MARK}">lien</a>',
    f'<a href="&#106;avascript:{MARK}">lien</a>',
    f"<details open ontoggle={MARK}>",
    f"<input autofocus onfocus={MARK}>",
    f"<select autofocus onfocus={MARK}></select>",
    f"<textarea autofocus onfocus={MARK}></textarea>",
    f"<video><source onerror={MARK}></video>",
    f"<audio src=x onerror={MARK}>",
    f'<object data="javascript:{MARK}"></object>',
    f'<embed src="javascript:{MARK}">',
    f"<marquee onstart={MARK}>",
    f'<form action="javascript:{MARK}"><button>ok</button></form>',
    f'<button formaction="javascript:{MARK}">ok</button>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}>",
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
    f"<style>@import 'javascript:{MARK}';</style>",
    f'<div style="background:url(javascript:{MARK})">x</div>',
    f"</textarea><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f"</script><script>{MARK}</script>",
    f'</script><img src=x onerror="{MARK}">',
    f"<!--<img src=x onerror={MARK}>-->",
    f"<![CDATA[<img src=x onerror={MARK}>]]>",
    f'<div hx-get="/admin/" hx-trigger="load" hx-on::load="{MARK}">x</div>',
    f'<a hx-post="/inbox/read/" hx-trigger="load">{MARK}</a>',
    f'<div data-hx-on-click="{MARK}">x</div>',
    f"[lien](javascript:{MARK})",
    f"[lien](JAVASCRIPT:{MARK})",
    f"[lien](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==) {MARK}",
    f'![image](x" onerror="{MARK})',
    f"<http://example.org/?{MARK}>",
    f"[a](<javascript:{MARK}>)",
    f'<a href="https://example.org" onclick="{MARK}">lien</a>',
    "{{ request.user.password }} {% debug %} " + MARK,
    "${" + MARK + "} #{" + MARK + "}",
    f"&lt;script&gt;{MARK}&lt;/script&gt;",
    f"&#60;script&#62;{MARK}&#60;/script&#62;",
    f"\u202eesrever {MARK}\u202c",
    f"<scr<script>ipt>{MARK}</scr</script>ipt>",
    f"<img src=`x` onerror=`{MARK}`>",
    f"<img/src/onerror={MARK}>",
    f"<svg/onload={MARK}//",
    f"<isindex action=javascript:{MARK} type=image>",
    f'<base href="javascript:{MARK}//">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<link rel="import" href="data:text/html,<script>{MARK}</script>">',
]

# What the browser reports: a payload that ran, or an element or attribute that a payload
# became (text that stays text is harmless). Legitimate markup never carries the mark.
PROBE = """() => {
  const mark = "__xss";
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "object", "embed", "frame", "base"].includes(tag)) found.push(tag);
    if (tag === "script" && !el.src && el.type !== "application/ld+json"
        && el.textContent.includes(mark)) found.push("inline script");
    if (tag === "meta" && (el.httpEquiv || "").toLowerCase() === "refresh") found.push("refresh");
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value || "";
      if (name.startsWith("on")) found.push(tag + " " + name);
      if ((name.startsWith("hx-") || name.startsWith("data-hx")) && value.includes(mark))
        found.push(tag + " " + name);
      if (["href", "src", "action", "formaction", "data", "srcdoc", "style"].includes(name)
          && /(javascript|vbscript|data:text\\/html)/i.test(value)) found.push(tag + " " + name);
    }
  }
  const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')];
  let brokenJsonLd = 0;
  for (const block of jsonld) { try { JSON.parse(block.textContent); } catch (e) { brokenJsonLd++; } }
  return {ran: window.__xss || 0, found, jsonld: jsonld.length, brokenJsonLd};
}"""


def _chunks(items, count):
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _hostile_world():
    """Every user-written field, filled with payloads, on claims in every state."""
    reviewer = ReviewerFactory(username="reviewer-xss")
    moderator = ModeratorFactory(username="moderator-xss")
    corrector = ReviewerFactory(username="corrector-xss")
    p = PAYLOADS
    # Public names: shown on the public pages, in the API and the ClaimReview.
    services.profile_update(user=reviewer, display_name=p[2][:100], sign_as_team=False)
    services.profile_update(user=moderator, display_name=p[-3][:100], sign_as_team=False)
    article = ArticleFactory(
        title=f"Titre {p[0]}"[:300],
        paragraphs=[f"Paragraphe {i} : {payload}" for i, payload in enumerate(p)],
        publisher=p[3][:200],
        author=p[4][:200],
        source_url=f"https://example.org/article?q={p[5]}".replace(" ", "%20"),
        tags=("xss", "tag<b>"),
    )
    claims = []
    # One claim per paragraph: the quote, the restatement and the claimant are hostile.
    sentences = list(article.sentences.filter(is_headline=False).order_by("position"))
    for i, sentence in enumerate(sentences):
        claim = services.claim_create(
            article=article,
            author=reviewer,
            start=sentence.start,
            end=sentence.end,
            quote=article.body[sentence.start : sentence.end],
            text=p[i % len(p)],
            claimant=p[(i + 1) % len(p)][:200],
        )
        claims.append(claim)
    # Evidence and verdicts: titles, publishers, quotes, URLs and Markdown rationales.
    for i, claim in enumerate(claims[:12]):
        EvidenceFactory(
            claim=claim,
            url=f"https://example.org/source?{i}={p[(i + 2) % len(p)]}".replace(" ", "%20"),
            title=p[(i + 3) % len(p)],
            publisher=p[(i + 4) % len(p)][:200],
            quote=p[(i + 5) % len(p)],
        )
        VerdictFactory(claim=claim, rationale="\n\n".join(p[i::12]))
    drafts, sent_back, published, retracted = _chunks(claims[:12], 4)
    for claim in sent_back + published + retracted:
        services.claim_submit(claim=claim, user=reviewer)
    for i, claim in enumerate(sent_back):
        services.claim_request_changes(claim=claim, moderator=moderator, comment=p[-1 - i])
    for i, claim in enumerate(published + retracted):
        services.claim_approve(claim=claim, moderator=moderator, comment=p[-5 - i])
    for i, claim in enumerate(retracted):
        services.claim_retract(claim=claim, moderator=moderator, note=p[-9 - i])
    corrected = published[0]
    pending_correction(
        Claim.objects.get(pk=corrected.pk), author=corrector, note=p[-13], submit=True
    )
    return {
        "article": article,
        "draft": drafts[0],
        "sent_back": sent_back[0],
        "published": published[0],
        "retracted": retracted[0],
    }


def _check(page, path, *, dialogs):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    result = page.evaluate(PROBE)
    assert result["ran"] == 0, (path, "a payload ran")
    assert dialogs == [], (path, dialogs)
    assert result["found"] == [], (path, result["found"])
    assert result["brokenJsonLd"] == 0, (path, "a JSON-LD block no longer parses")
    return result


def test_payloads_in_every_field_never_run_on_any_page(browser, live_server):
    assert len(PAYLOADS) >= 50
    world = _hostile_world()
    article, draft = world["article"], world["draft"]
    published, retracted, sent_back = world["published"], world["retracted"], world["sent_back"]
    pages = {
        "reviewer-xss": [
            "/articles/",
            f"/articles/{article.pk}/",
            f"/claims/{draft.pk}/",
            f"/claims/{sent_back.pk}/",
            f"/claims/{published.pk}/",
            f"/claims/{retracted.pk}/",
            f"/claims/{sent_back.pk}/history/",
            f"/claims/{retracted.pk}/history/",
            "/my/claims/",
            "/inbox/",
            "/account/",
        ],
        "moderator-xss": ["/moderation/", f"/claims/{published.pk}/", "/account/"],
        None: [
            "/fact-checks/",
            f"/fact-checks/{published.pk}/",
            f"/fact-checks/{retracted.pk}/",
            f"/fact-checks/?q={PAYLOADS[0]}",
            "/api/v1/claims/?format=api",
            f"/api/v1/claims/{published.pk}/?format=api",
        ],
    }
    checked = 0
    for username, paths in pages.items():
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(10_000)
        page = context.new_page()
        dialogs = []
        page.on(
            "dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss())
        )
        if username:
            log_in(page, username, PASSWORD)
        for path in paths:
            result = _check(page, path, dialogs=dialogs)
            checked += 1
            if path.startswith("/fact-checks/") and path.rstrip("/").split("/")[-1].isdigit():
                assert result["jsonld"] >= 1, (path, "the ClaimReview block is missing")
        context.close()
    assert checked == sum(len(paths) for paths in pages.values())
