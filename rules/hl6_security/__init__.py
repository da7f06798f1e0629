"""HL6 security protocols: hashing, tokens, CORS, CSRF, logging, connections."""
