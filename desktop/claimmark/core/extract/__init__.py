"""Extraction: a saved page in, a reading document out."""
