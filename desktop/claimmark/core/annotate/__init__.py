"""Annotating: tagging rules, finding and anchoring a passage, re-import."""
