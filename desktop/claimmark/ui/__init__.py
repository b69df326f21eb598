"""The Qt face of ClaimMark."""
