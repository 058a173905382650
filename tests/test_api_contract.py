"""The JSON API against its own OpenAPI description, with generated requests (schemathesis).

Every operation in ``/api/v1/openapi.json`` is called with requests built from
the declared parameters and bodies; each answer must be no server error, have
a documented status code, content type and headers, and match the declared
schema. The number of examples per operation is bounded so the suite stays
fast, and derandomised so a failure repeats.
"""

from __future__ import annotations

import pytest

from portal.api.openapi import load_spec
from tests.conftest import opened_app

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

EXAMPLES_PER_OPERATION = 50
# A VIN's check digit (and whether its maker is known) cannot be said in a schema: a VIN of the
# declared shape may still be refused with a documented 400, so "valid data is accepted" is not
# checked where a VIN is part of the request.
VIN_OPERATIONS = {("/vehicles/{vin}", "get"), ("/ask", "post")}
OPERATIONS = [(path, method) for path, item in sorted(load_spec()["paths"].items()) for method in sorted(item)]


@pytest.fixture(scope="module")
def api_schema(small_instance, database_url):
    # Its own app with a high question limit: hundreds of generated questions are not a flood.
    with opened_app(small_instance, database_url, ASK_RATE_LIMIT="100000 per minute") as application:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
@pytest.mark.parametrize("path, method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_the_api_keeps_its_contract(api_schema, path, method, mode):
    """Positive: requests the spec allows get a documented answer. Negative: requests it forbids
    (wrong types, values out of range or enum, missing fields) get a documented 4xx, never a 500."""
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(excluded_checks=excluded)

    excluded = [positive_data_acceptance] if (path, method) in VIN_OPERATIONS else []

    check()
