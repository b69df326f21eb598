"""Widgets shared by more than one part of the window."""
