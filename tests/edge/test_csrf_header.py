"""A CSRF header of any bytes is a refusal, never a Python error."""

import pytest

from tests.fixtures.graphql import GraphQLClient

LOGOUT = "mutation { logout { userErrors { code } } }"


@pytest.mark.parametrize("presented", ["şifre", "ü" * 40, "\x00", ""])
async def test_a_non_ascii_csrf_token_is_refused_as_a_wrong_one(staff: GraphQLClient, presented: str) -> None:
    response = await staff.http.post("/graphql", json={"query": LOGOUT},
                                     headers={"X-CSRF-Token": presented.encode("utf-8")})
    assert response.status_code == 403, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"


async def test_the_right_token_still_passes(staff: GraphQLClient) -> None:
    data = await staff.data(LOGOUT)
    assert data["logout"]["userErrors"] == []
