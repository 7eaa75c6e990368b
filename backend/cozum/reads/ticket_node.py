"""`node(id:)` for a ticket in one statement: the ticket as nodes.py's `_ticket` reads it (by its
row id, through `readable(actor)`: another department's ticket is as absent as a missing one).

The ID, given as a variable, is taken from each request (reads/prepared.py): one statement serves
every ticket's page. An ID of another type, or one the resolver would refuse, goes to it.
"""

from typing import Any

from graphql import GraphQLError
from sqlalchemy import BigInteger, Table, select

from cozum.auth.actor import Actor
from cozum.kit.relay import decode_id_arg
from cozum.reads import timeline as _timeline  # noqa: F401 - adds Ticket.timeline's writer
from cozum.reads.objects import TICKET_COLUMNS, Objects
from cozum.reads.selection import Field, Unplannable
from cozum.reads.tickets_page import Compiled
from cozum.tickets.models import Ticket
from cozum.tickets.repository import readable


def _ticket_pk(given: Any) -> int:
    if not isinstance(given, str):
        raise Unplannable("no ID")
    try:
        type_name, pk = decode_id_arg(given)
    except GraphQLError as refused:
        raise Unplannable("an ID the resolver refuses, in its own words") from refused
    if type_name != "Ticket":
        raise Unplannable(f"node of type {type_name}")
    return pk


def ticket_node(objects: Objects, root: Field, actor: Actor) -> Compiled:
    given = objects.document.resolver_arguments(root, "Query")["id"]
    pk = _ticket_pk(given)  # refuses the ID now, as at each reuse
    variable = objects.document.variable_of(root, "id")
    parameters = objects.parameters
    placeholder = (parameters.add(pk, BigInteger()) if variable is None
                   else parameters.given(variable, given, _ticket_pk, BigInteger()))
    table: Table = Ticket.__table__  # type: ignore[attr-defined]
    found = parameters.bound_as(placeholder)
    n = objects.aliases.next()
    node = select(*(table.c[column] for column in TICKET_COLUMNS)).where(table.c.id == found, readable(actor))
    written = objects.object("Ticket", n, objects.document.children(root, "Ticket"))
    return Compiled(f"(SELECT {written} FROM node_{n} AS {n})", [node.cte(f"node_{n}")])
