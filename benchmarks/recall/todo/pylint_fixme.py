# source: https://github.com/pylint-dev/pylint/blob/main/tests/functional/f/fixme.py
# source: https://pylint.readthedocs.io/en/stable/user_guide/messages/warning/fixme.html
# codes: HL101
# Cases pylint's W0511 (fixme) reports with its default notes (its three marker words after `#`
# and blanks, followed by a colon, a blank or the end, in any case), rewritten as backend code.
# The string and the docstring are not comments; pylint leaves them alone by default too.


def sync_inventory(items):
    note = "FIXME: not a comment, a string"
    status = "text"  # FIXME: status codes are guessed  # expect: HL101

    # TODO: batch the updates  # expect: HL101
    count = len(items)  # XXX: includes deleted items  # expect: HL101
    #FIXME: no space after the hash  # expect: HL101
    #todo: no space after the hash  # expect: HL101

	# FIXME: tab-indented comment  # expect: HL101
    # FIXME: this is broken (ISSUE-1234)  # expect: HL101
    # todo compare with the previous stock level  # expect: HL101
    # Fixme when the warehouse API supports batches  # expect: HL101
    # XXX  # expect: HL101
    # Todoist tasks are created by the sync job.
    return note, status, count


def stock_report():
    """TODO: docstrings are not comments (pylint's check-fixme-in-docstring is off by default)."""
    return []
