"""Schemathesis hooks for scripts/fuzz: strategies for the schema's own scalars (mostly valid values,
sometimes text that is not one, so both paths are fuzzed) and the check the contract makes: whatever
is sent, the answer is never a 5xx, every error carries a contract code other than INTERNAL, and no
error text carries database or library internals.
"""

import json

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

CODES = {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "QUERY_TOO_COMPLEX", "CONFLICT",
         "RATE_LIMITED", "UNAVAILABLE"}
LEAKS = ["sqlx", "sea_orm", "sea-orm", "constraint", "duplicate key", "violates", "SQLSTATE", "syntax error at",
         "panicked", "127.0.0.1", "pool timed out", "stack backtrace", "/src/"]

months = st.builds(lambda y, m: f"{y:04}-{m:02}", st.integers(2022, 2025), st.integers(1, 12))
dates = st.dates().map(lambda d: d.isoformat())
instants = st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)).map(lambda d: d.isoformat())
junk = st.text(max_size=12)

schemathesis.graphql.scalar("Month", st.one_of(months, months, months, junk).map(nodes.String))
schemathesis.graphql.scalar("NaiveDate", st.one_of(dates, dates, dates, junk).map(nodes.String))
schemathesis.graphql.scalar("DateTime", st.one_of(instants, instants, junk).map(nodes.String))


@schemathesis.check
def answers_by_the_contract(ctx, response, case):
    """No 5xx but a coded 503, no uncoded or INTERNAL error, no internals in any message."""
    text = response.text or ""
    try:
        body = json.loads(text)
    except ValueError:
        raise AssertionError(f"{response.status_code}: the answer is not JSON: {text[:200]}")
    errors = body.get("errors") or []
    codes = [(e.get("extensions") or {}).get("code") for e in errors]
    if response.status_code >= 500 and not (response.status_code == 503 and "UNAVAILABLE" in codes):
        raise AssertionError(f"status {response.status_code}: {text[:300]}")
    for err, code in zip(errors, codes):
        if code not in CODES:
            raise AssertionError(f"error without a contract code ({code}): {json.dumps(err)[:300]}")
    sent = str(getattr(case, "body", "")) + str(getattr(case, "query", ""))
    for leak in LEAKS:
        # Text the request itself carried may be echoed back ("no value \"constraint\"").
        if leak in text and errors and leak not in sent:
            raise AssertionError(f"an error leaks {leak!r}: {text[:300]}")
