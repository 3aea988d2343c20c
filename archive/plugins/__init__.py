"""Datasette plugins for the published archive, loaded with `datasette --plugins-dir`."""
