"""The fact-checking app: articles, claims, evidence, verdicts, moderation and publication."""
