"""The facts layer: everything the outputs say about a spec, worked out once.

`spec_facts.facts_of(spec)` is the one pure function; `roles.py` is the only place
the mail person and the mailbox are worked out (stated or inferred, and from what),
`grammar.py` says a flow as a sentence, `flows.py` and `systems.py` hold what
follows for each flow and system, `patterns.py` what a pattern promises and where the
design contradicts it, `privacy.py` a flow's personal data and whether another
organisation receives it, `middle.py` the platforms in the middle, `loops.py` the same
data moved both ways, `words.py` the spec's values in plain words, and `questions.py`
the one list of open questions.
"""
