"""The facts layer: everything the outputs say about a spec, worked out once.

`spec_facts.facts_of(spec)` is the one pure function; `roles.py` is the only place
the mail person and the mailbox are worked out (stated or inferred, and from what),
`grammar.py` says a flow as a sentence, `flows.py` and `systems.py` hold what
follows for each flow and system, `middle.py` the platforms in the middle, and
`questions.py` the one list of open questions.
"""
