"""HL5 configuration and secrets."""
