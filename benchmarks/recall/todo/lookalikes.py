# source: https://github.com/pylint-dev/pylint/blob/main/tests/functional/f/fixme.py
# source: https://docs.astral.sh/ruff/rules/line-contains-todo/
# codes: HL101
# Words that look like markers and are not: prose about a todo feature, format masks, tool
# directives, names and strings. A finding of HL101 on any line here is a false alarm.

# The todo-list feature stores its items in the todos table.
# Todo items are ordered by due date; todo lists are shared per team.
# Todoist API tokens are read from the vault.
# Phone numbers are masked as XXX-XXX-1234 in logs.
# See TODO.md and docs/FIXME-policy for the roadmap.
# The hackathon team owns this module.
# Status values: "TODO", "DOING", "DONE".
STATUSES = ("TODO", "DOING", "DONE")
MASK = "XXX-XXX-"
value = 1  # noqa: E501 XXX-style names are fine here
todo_list = [s for s in STATUSES if s == "TODO"]
banner = "# TODO: inside a string, not a comment"
