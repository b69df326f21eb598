"""ClaimMark: read saved articles offline and tag their claims, quotes and citations."""

__version__ = "0.1.0"
