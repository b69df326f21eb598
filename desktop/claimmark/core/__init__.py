"""ClaimMark's core: storage, import, the reading document, anchoring, export and merge.

Nothing under this package imports Qt; the CLI and the GUI are thin faces on it.
"""
