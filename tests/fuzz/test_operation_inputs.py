"""Every root field's arguments, generated from the schema's types, as each kind of caller."""

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.budget import fuzzing
from tests.fuzz.operations import surfaces
from tests.fuzz.runner import City, try_surface

# The public surface most of all; every other root field too, which must refuse a citizen.
PUBLIC = (
    ["submitRequest"] * 6 + ["reopenRequest"] * 3 + ["trackRequest"] * 3 + ["login"]
    + ["node"] * 2 + ["departments", "categories", "me", "logout", "logoutEverywhere"]
)
ANONYMOUS = PUBLIC + sorted(set(surfaces()) - set(PUBLIC))
# Signing out would end the fuzzing as staff; login is the citizen's surface above.
OPERATOR = (
    ["tickets"] * 6 + ["node"] * 2 + ["Ticket.timeline"] * 3 + ["createTicket"] * 3 + ["changeTicketStatus"] * 3
    + ["routeTicket", "assignTicket", "reopenTicket", "mergeTickets", "addInternalNote", "replyToCitizen",
       "revealContact", "submitRequest", "reopenRequest", "trackRequest", "departments", "categories", "me",
       "assignableStaff", "ticketCounts", "savedViews", "saveView", "deleteView"]
)
ADMIN = (
    ["createApiKey"] * 2 + ["createStaffUser"] + ["updateStaffUser"] * 2 + ["auditLog"] * 2
    + ["createDepartment", "updateDepartment", "createCategory"] + ["updateCategory"] * 2
    + ["resetStaffPassword", "revokeApiKey", "staffUsers", "apiKeys", "node", "tickets", "departmentStats"]
)
AGENT = ["tickets", "node", "Ticket.timeline", "changeTicketStatus", "assignTicket", "routeTicket", "revealContact",
         "staffUsers", "addInternalNote", "ticketCounts"]


@fuzzing("public")
@given(data=st.data())
async def test_public_inputs(city: City, data: st.DataObject) -> None:
    await try_surface(city, "anonymous", data, ANONYMOUS)


@fuzzing("public_production")
@given(data=st.data())
async def test_public_inputs_in_production(production_city: City, data: st.DataObject) -> None:
    await try_surface(production_city, "anonymous", data, PUBLIC)


@fuzzing("operator")
@given(data=st.data())
async def test_operator_inputs(city: City, data: st.DataObject) -> None:
    await try_surface(city, "operator", data, OPERATOR)


@fuzzing("admin")
@given(data=st.data())
async def test_admin_inputs(city: City, data: st.DataObject) -> None:
    await try_surface(city, "admin", data, ADMIN)


@fuzzing("agent")
@given(data=st.data())
async def test_agent_inputs(city: City, data: st.DataObject) -> None:
    await try_surface(city, "agent", data, AGENT)
