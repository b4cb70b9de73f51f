"""Reading uploaded bytes as text: size limit, binary files, UTF-8 or Windows-1252.

:func:`check_size` refuses a file over the limit before it is read; :func:`decode_bytes`
refuses binary and RTF files and decodes UTF-8 (with or without BOM), UTF-16 with a BOM,
or Windows-1252 when that is unambiguous.
"""

from __future__ import annotations

import re

from annotations.importing.article import ArticleParseError
from annotations.importing.text import is_empty

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or OpenDocument file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office document (.doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
# Undecodable in strict UTF-8 but present: UTF-8 sequences for the characters French and
# English text uses (é = C3 A9, ’ = E2 80 99, NBSP = C2 A0, € = E2 82 AC, œ = C5 93). In
# real Windows-1252 text they would read "Ã©", "â€™", "Â " — which no one writes — so
# their presence means a file mixing UTF-8 with another encoding.
_UTF8_SEQUENCE_RE = re.compile(
    rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x90-\xba]|\xe2\x82\xac|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]"
)
# A UTF-16 surrogate (U+D800–U+DFFF) written as three UTF-8-like bytes: CESU-8 (surrogate
# pairs encoded one by one, as Java and Oracle write them) or WTF-8 (lone surrogates from
# Windows file names). Strict UTF-8 refuses them, and read as Windows-1252 they would be
# mojibake such as "í €": the file is text in neither encoding.
_ENCODED_SURROGATE_RE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
# Non-ASCII characters that are normal in Windows-1252 text besides letters.
_CP1252_PUNCTUATION = frozenset("\u00a0«»‘’“”‚„–—…•€°§©®™±×÷¡¿¢£¥¦¨ª¬¯²³´µ¶·¸¹º¼½¾†‡‰‹›ˆ˜")


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, byte {column} of the line"


def check_size(size: int, *, max_bytes: int) -> None:
    """Raise ``too_large`` when ``size`` bytes are over the limit (call it before reading)."""
    if size > max_bytes:
        raise ArticleParseError(
            "too_large",
            f"The file is {_megabytes(size)} ({size:,} bytes); the limit is "
            f"{_megabytes(max_bytes)} ({max_bytes:,} bytes).",
        )


def decode_bytes(data: bytes, *, max_bytes: int) -> tuple[str, tuple[str, ...]]:
    """Decode an uploaded file into text, with notes for the user.

    UTF-8 (with or without BOM) is read as is; UTF-16 with a BOM is accepted with a note.
    Anything else is decoded as Windows-1252 only when that is unambiguous: every byte is
    defined in Windows-1252, no control character other than tab, newline, CR and form
    feed appears, the result looks like text (mostly ASCII, the rest letters and usual
    punctuation), and there is no UTF-8 sequence for an accented letter or a typographic
    sign in it (which would mean a file mixing encodings), nor a UTF-16 surrogate encoded
    like UTF-8 (CESU-8, WTF-8), which would decode as mojibake. A note then says so; in every
    other case, ``encoding`` is raised. Checks before decoding: the size limit
    (``too_large``), emptiness (``empty``), known binary formats, NUL bytes or mostly
    control bytes (``binary``) and RTF (``unsupported_format``).
    """
    size = len(data)
    check_size(size, max_bytes=max_bytes)
    if size == 0:
        raise ArticleParseError("empty", "The file is empty (0 bytes).")

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleParseError(
                "encoding",
                f"The file starts like UTF-16 but is not valid UTF-16 (at byte {error.start:,}).",
            ) from None
        if is_empty(text):
            raise ArticleParseError("empty", "The file contains only white space.")
        return text.removeprefix("\ufeff"), ("The file was UTF-16; it was decoded as such.",)

    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ArticleParseError(
                "binary",
                f"The file is {kind}, not text or a web page. Import the article as plain "
                "text (.txt) or as a saved web page (.html).",
            )
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise ArticleParseError(
            "unsupported_format",
            "The file is an RTF (rich text) document. Save it as plain text (.txt) and "
            "import it again.",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        sample = data[:4096]
        if sample.count(0) * 3 >= len(sample) and (
            sample[1::2].count(0) * 10 >= len(sample[1::2]) * 9
            or sample[0::2].count(0) * 10 >= len(sample[0::2]) * 9
        ):
            raise ArticleParseError(
                "encoding",
                "Every other byte of the file is a NUL byte: it is probably UTF-16 without "
                "a byte-order mark. Save it as UTF-8 and import it again.",
            )
        raise ArticleParseError(
            "binary",
            f"The file contains NUL bytes (the first at {_position(data, nul)}): it is a "
            "binary file, not text.",
        )
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls * 10 > len(sample):
        raise ArticleParseError(
            "binary",
            f"The file is mostly control characters ({controls * 100 // len(sample)} % of "
            f"its first {len(sample):,} bytes): it is a binary file, not text.",
        )

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _decode_windows_1252(data, error)
        notes: tuple[str, ...] = ("The file was not UTF-8; it was decoded as Windows-1252.",)
    else:
        notes = ()
    if is_empty(text):
        raise ArticleParseError("empty", "The file contains only white space.")
    return text, notes


def _decode_windows_1252(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    bad_byte = data[utf8_error.start]
    not_utf8 = (
        f"The file is not valid UTF-8 (byte 0x{bad_byte:02X} at "
        f"{_position(data, utf8_error.start)})"
    )
    advice = "Save the file as UTF-8 and import it again."
    surrogate = _ENCODED_SURROGATE_RE.search(data)
    if surrogate:
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}: it holds a UTF-16 surrogate written like UTF-8 (bytes "
            f"{surrogate[0].hex(' ').upper()} at {_position(data, surrogate.start())}), as "
            "CESU-8 and WTF-8 write them. That is text in neither UTF-8 nor Windows-1252, "
            f"where it would read as mojibake. {advice}",
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and it is not Windows-1252 either: byte 0x{byte:02X} at "
            f"{_position(data, error.start)} is not defined there. {advice}",
        ) from None
    mixed = _UTF8_SEQUENCE_RE.search(data)
    if mixed:
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, but it also contains UTF-8 text (at "
            f"{_position(data, mixed.start())}): it mixes two encodings and cannot be "
            f"read reliably. {advice}",
        )
    control = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if control:
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and read as Windows-1252 it contains a control character "
            f"(U+{ord(control[0]):04X} at {_position(data, control.start())}), so it is not "
            f"plain text in a known encoding. {advice}",
        )
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    unusual = [ch for ch in non_ascii if not ch.isalpha() and ch not in _CP1252_PUNCTUATION]
    if len(non_ascii) * 10 > len(text) * 3 or len(unusual) * 5 > len(non_ascii):
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and read as Windows-1252 it does not look like text "
            f"({len(non_ascii):,} of {len(text):,} characters are not ASCII, "
            f"{len(unusual):,} of them neither letters nor usual punctuation). {advice}",
        )
    return text
