"""HL4 exception handling."""
