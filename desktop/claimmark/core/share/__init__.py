"""Sharing: merging another person's project file and acting on its conflicts."""
