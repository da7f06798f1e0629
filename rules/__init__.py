"""hardlint's rules, one module per rule, grouped by family (HL1 placeholders ... HL8 structure).

Each `hlNNN_slug.py` module holds one `Rule` subclass; its module docstring is its documentation and
its `FLAG` / `CLEAN` examples are its tests. Data a rule reads sits beside it as a `.toml` file.
"""
