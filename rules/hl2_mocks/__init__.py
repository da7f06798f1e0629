"""HL2 mocks and fake data outside tests."""
