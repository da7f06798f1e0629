"""HL3 query injection: SQL and Cypher built from strings."""
