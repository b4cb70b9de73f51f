"""Rationales are Markdown: rendered for reading, and never a way into the page."""

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from annotations import markdown
from annotations.markdown import render_markdown

REL = "noopener noreferrer nofollow"


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def tags(html: str) -> list[str]:
    return [tag for tag, _ in parse(html).elements]


def links(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parse(html).elements if tag == "a"]


def assert_harmless(html: str) -> None:
    """No script-capable element, no event handler, no link outside http(s)/mailto."""
    for tag, attrs in parse(html).elements:
        assert tag not in {"script", "style", "img", "iframe", "object", "embed", "svg", "form"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "src", "srcset"}, (tag, name)
            if name == "href":
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value


# --- What a rationale may use ------------------------------------------------------------


def test_bold_and_italic_are_rendered():
    assert render_markdown("**gras** et *italique*") == (
        "<p><strong>gras</strong> et <em>italique</em></p>\n"
    )


def test_bullet_and_numbered_lists_are_rendered():
    html = render_markdown("- un\n- deux\n\n1. premier\n2. second")

    assert tags(html) == ["ul", "li", "li", "ol", "li", "li"]
    assert parse(html).text.split() == ["un", "deux", "premier", "second"]


def test_numbered_list_keeps_its_start_number():
    assert '<ol start="3">' in render_markdown("3. trois\n4. quatre")


def test_links_are_rendered_with_noopener_noreferrer_nofollow():
    html = render_markdown('Voir [le projet de loi](https://www.example.org/plf "PLF 2025").')

    assert links(html) == [{"href": "https://www.example.org/plf", "title": "PLF 2025", "rel": REL}]


def test_autolinks_and_mailto_links_get_the_same_rel():
    html = render_markdown("<https://example.org/a> ou [écrire](mailto:redaction@example.org)")

    assert links(html) == [
        {"href": "https://example.org/a", "rel": REL},
        {"href": "mailto:redaction@example.org", "rel": REL},
    ]


def test_blockquotes_and_code_are_rendered():
    html = render_markdown("> Une citation\n\n`x = 1`\n\n```python\nprint(1)\n```")

    assert tags(html) == ["blockquote", "p", "p", "code", "pre", "code"]
    # The fence's language class is not an allowed attribute.
    assert "class=" not in html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Titre", "h3"),
        ("Titre\n=====", "h3"),
        ("## Titre", "h4"),
        ("Titre\n-----", "h4"),
        ("### Titre", "h5"),
    ],
)
def test_headings_are_shifted_two_levels_down(source, expected):
    """The page has its own h1 and h2; a rationale's headings start at h3."""
    assert render_markdown(source) == f"<{expected}>Titre</{expected}>\n"


def test_no_heading_above_h3_survives_and_levels_stay_distinct():
    html = render_markdown("# Un\n## Deux\n### Trois\n#### Quatre\n##### Cinq\n###### Six")

    assert not {"h1", "h2"} & set(tags(html))
    assert tags(html) == ["h3", "h4", "h5", "h6", "h6", "h6"]


def test_literal_heading_tags_in_text_are_escaped_not_shifted():
    html = render_markdown("Écrire `<h1>` ou <h2>.")

    assert "&lt;h1&gt;" in html
    assert "&lt;h2&gt;" in html
    assert tags(html) == ["p", "code"]


@pytest.mark.parametrize("text", ["", None])
def test_empty_rationale_renders_nothing(text):
    assert render_markdown(text) == ""


# --- What it may not ---------------------------------------------------------------------


def test_script_tags_are_not_rendered_but_shown_as_text():
    html = render_markdown('<script>alert("x")</script>')

    assert "script" not in tags(html)
    assert "<script" not in html
    assert parse(html).text.strip() == '<script>alert("x")</script>'


@pytest.mark.parametrize(
    "source",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<div onmouseover=alert(1)>survol</div>",
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_raw_html_and_event_handlers_are_never_rendered(source):
    html = render_markdown(source)

    assert_harmless(html)
    assert tags(html) == ["p"] or tags(html) == []


@pytest.mark.parametrize(
    "source",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](java&#x73;cript:alert(1))",
        "[clic](javascript&#58;alert(1))",
        "[clic](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        '[clic][ref]\n\n[ref]: javascript:alert(1) "t"',
    ],
)
def test_javascript_links_are_not_links(source):
    html = render_markdown(source)

    assert_harmless(html)
    assert all("href" not in attrs for attrs in links(html))


@pytest.mark.parametrize(
    "source",
    [
        "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[clic](data:image/png;base64,iVBORw0KGgo=)",
        "[clic](data:image/svg+xml,<svg onload=alert(1)>)",
    ],
)
def test_data_links_are_not_links(source):
    html = render_markdown(source)

    assert_harmless(html)
    assert all("href" not in attrs for attrs in links(html))


@pytest.mark.parametrize("url", ["ftp://example.org/f", "file:///etc/passwd"])
def test_links_to_other_schemes_lose_their_target(url):
    html = render_markdown(f"[fichier]({url})")

    assert_harmless(html)
    assert all("href" not in attrs for attrs in links(html))


@pytest.mark.parametrize(
    "source",
    [
        "![graphique](https://tracker.example.org/pixel.png)",
        '![x](https://example.org/a.png "t")',
        "<img src=https://tracker.example.org/pixel.png>",
    ],
)
def test_images_are_never_rendered(source):
    """A rationale must not make readers' browsers fetch third-party images."""
    html = render_markdown(source)

    assert "img" not in tags(html)
    assert_harmless(html)


def test_quotes_in_a_link_target_cannot_break_out_of_the_attribute():
    html = render_markdown('[x](https://example.org"onmouseover="alert(1))')

    assert_harmless(html)
    assert [set(attrs) for attrs in links(html)] == [{"href", "rel"}]


def test_sanitizer_alone_strips_what_markdown_would_let_through(monkeypatch):
    """Defence in depth: with raw HTML switched on in the renderer, nh3 still cleans."""
    monkeypatch.setattr(markdown, "_md", MarkdownIt("commonmark", {"html": True}))
    source = (
        '<p onclick="x">a</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a>'
        '<img src=x onerror=alert(1)><a href="https://example.org" rel="opener">ok</a>'
        "<h1>grand</h1><table><tr><td>t</td></tr></table>"
    )

    html = render_markdown(source)

    assert_harmless(html)
    assert "alert" not in html
    assert links(html) == [{"rel": REL}, {"rel": REL}, {"href": "https://example.org", "rel": REL}]
    assert "h1" not in tags(html)
    assert "table" not in tags(html)
