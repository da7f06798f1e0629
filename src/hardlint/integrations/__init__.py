"""Where hardlint meets other tools: bandit in the same pass (`bandit_adapter`) and flake8 (`flake8`)."""
