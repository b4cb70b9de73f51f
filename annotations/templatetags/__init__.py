"""Template tags: highlighted sentences, JSON-LD script blocks."""
