"""Questionnaires are data: their model, reading them (with a cache), and the
checks that say what is wrong in one, with file and line."""
