"""HL8 project structure."""
