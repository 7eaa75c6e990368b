"""A citizen's request from the web form to a result, as the acceptance describes it."""

from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, department_ids
from tests.tickets.queries import (
    ASSIGN,
    CHANGE_STATUS,
    FIND,
    REOPEN,
    ROUTE,
    SUBMIT,
    TIMELINE,
    TRACK,
)


async def test_submitted_request_is_tracked_routed_resolved_and_reopened(
    client: GraphQLClient, staff: GraphQLClient
) -> None:
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"],
        "description": "Fatih Mahallesi 12. sokakta yolda büyük çukurlar var.",
        "contact": {"name": "Mehmet Yılmaz", "phone": "0532 111 22 33"},
        "replyChannel": "SMS",
    }})
    reference, secret = submitted["reference"], submitted["secret"]
    assert reference.startswith("TST-") and len(secret) >= 22

    tracked = (await client.data(TRACK, {"reference": reference, "secret": secret}))["trackRequest"]
    assert tracked["status"] == "NEW" and tracked["statusLabel"] == "Alındı"

    found = (await staff.data(FIND, {"text": reference}))["tickets"]["edges"][0]["node"]
    ticket_id = found["id"]
    departments = await department_ids(staff)
    me = (await staff.data("{ me { id } }"))["me"]

    routed = await staff.mutate("routeTicket", ROUTE, {"input": {"ticketId": ticket_id, "departmentId": departments["FEN"]}})
    assert routed["ticket"]["status"] == "ROUTED"
    await staff.mutate("assignTicket", ASSIGN, {"input": {"ticketId": ticket_id, "assigneeId": me["id"]}})
    version = routed["ticket"]["version"] + 1
    for status in ("IN_PROGRESS", "SCHEDULED", "RESOLVED"):
        changed = await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
            "ticketId": ticket_id, "status": status, "expectedVersion": version,
            "reason": "Yol onarıldı." if status == "RESOLVED" else None,
        }})
        version = changed["ticket"]["version"]
    assert changed["ticket"]["closedAt"] is not None

    reopened = await staff.mutate("reopenTicket", REOPEN, {"input": {"ticketId": ticket_id, "reason": "Çukur yeniden açıldı."}})
    assert reopened["ticket"]["status"] == "ROUTED" and reopened["ticket"]["closedAt"] is None

    timeline = (await staff.data(TIMELINE, {"id": ticket_id}))["node"]["timeline"]
    types = [e["node"]["type"] for e in timeline["edges"]]
    assert types == ["CREATED", "ROUTED", "ASSIGNED", "STATUS_CHANGED", "STATUS_CHANGED", "STATUS_CHANGED", "REOPENED"]
    assert timeline["totalCount"] == 7
    actors = [e["node"]["actorLabel"] for e in timeline["edges"]]
    assert actors[0] == "citizen" and set(actors[1:]) == {"Ayşe Operatör"}
    assert all(e["node"]["createdAt"] for e in timeline["edges"])

    public = (await client.data(TRACK, {"reference": reference, "secret": secret}))["trackRequest"]
    assert [e["type"] for e in public["timeline"]] == [
        "CREATED", "ROUTED", "STATUS_CHANGED", "STATUS_CHANGED", "STATUS_CHANGED", "REOPENED",
    ]
    assert public["status"] == "ROUTED" and public["departmentName"] == "Fen İşleri Müdürlüğü"
