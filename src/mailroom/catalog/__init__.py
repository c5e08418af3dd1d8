"""The catalog of known systems: what each vendor documents (data under
`data/catalog/`), the entry's model, reading it, and showing it."""
