"""The model: the reading document, positions, typed records and the errors; imports nothing of ClaimMark."""
