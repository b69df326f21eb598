"""Icons, styles and the sample article, loaded with importlib.resources."""
