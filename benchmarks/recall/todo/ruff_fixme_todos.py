# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_fixme/T00.py
# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_todos/TD001.py
# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_todos/TD006.py
# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_todos/TD007.py
# codes: HL101
# Cases ruff's FIX001-FIX004 (any case, any comment part) and TD001/TD006/TD007 report, rewritten as
# backend code; ruff flags every one of them.


def refund(order):
    # TODO: refund the shipping fee too  # expect: HL101
    # todo: split partial refunds  # expect: HL101
    # XXX: the gateway rounds half-up  # expect: HL101
    # xxx: check the currency  # expect: HL101
    # HACK: the sandbox rejects zero amounts  # expect: HL101
    # hack: retry once on 502  # expect: HL101
    # FIXME: refunds of refunds are allowed  # expect: HL101
    # fixme: audit log entry missing  # expect: HL101
    return order.total


def charge(order):
    # TODO (ana): pass the idempotency key  # expect: HL101
    # XXX (ana): the amount is in cents here  # expect: HL101
    # FIXME (ana): declined cards raise  # expect: HL101
    amount = order.total  # rounded  # XXX: verify with finance  # expect: HL101
    # ToDo (ana): cache the customer  # expect: HL101
    # todo (ana): and the payment method  # expect: HL101
    currency = order.currency  # from the cart  # todo: from the account  # expect: HL101
    # TODO(ana):wrap the client errors  # expect: HL101
    # TODO (ana):log the response  # expect: HL101
    # TODO:make the timeout configurable  # expect: HL101
    # FIXME:the fee is charged twice  # expect: HL101
    fee = 0  # default  # TODO:read it from settings  # expect: HL101
    # TODO this colon doesn't end the tag, see https://example.org/issues/12  # expect: HL101
    return amount, currency, fee
