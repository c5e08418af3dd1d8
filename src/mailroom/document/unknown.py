"""How an unknown reads in the document: one text, used by the parts that say what is
known (parts.py) and by the isolation of stakeholders' text (direction.py)."""

NOT_DECIDED = "Not decided yet"
