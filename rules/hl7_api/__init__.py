"""HL7 API design."""
