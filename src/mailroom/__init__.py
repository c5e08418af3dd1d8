"""mailroom: scope software integrations in plain words."""

# The one place the version is written: pyproject.toml reads it (tool.hatch.version), and
# CHANGELOG.md's latest entry must name it (tests/test_docs.py).
__version__ = "0.1.0"
