"""CSV that spreadsheets open safely: no formula runs, accents survive.

A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is made inert with a leading quote (OWASP's advice against CSV
injection), and files start with a byte-order mark so that spreadsheets read them as
UTF-8 (without it, accented French text comes out garbled)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralize(value):
    """A text cell a spreadsheet would evaluate, made inert with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
