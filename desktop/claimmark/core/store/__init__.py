"""The store: the project file, its schema and migrations, and all SQL."""
