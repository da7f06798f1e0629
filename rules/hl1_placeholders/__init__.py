"""HL1 placeholders: code that is not finished."""
