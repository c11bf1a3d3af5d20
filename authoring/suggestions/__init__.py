"""Alignment suggestions: rank framework items for a learning outcome by textual relevance (BM25)."""
