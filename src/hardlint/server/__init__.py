"""hardlint's Language Server: diagnostics for open documents over stdio (`hardlint server`)."""
