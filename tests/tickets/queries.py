"""GraphQL documents shared by the ticket tests."""

CATEGORIES = """
query { categories(first: 100) { edges { node { id code department { id code } } } } }
"""

DEPARTMENTS = """
query { departments(first: 100) { totalCount edges { node { id code } } } }
"""

SUBMIT = """
mutation($input: SubmitRequestInput!) {
  submitRequest(input: $input) { reference secret userErrors { field code message } }
}
"""

TRACK = """
query($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) {
    reference status statusLabel categoryName departmentName description
    timeline { type status statusLabel message at }
  }
}
"""

FIND = """
query($text: String!) {
  tickets(first: 5, filter: {text: $text}) {
    totalCount edges { node { id reference status version department { code } } }
  }
}
"""

CREATE = """
mutation($input: CreateTicketInput!) {
  createTicket(input: $input) {
    secret
    ticket { id reference status version channel channelReference dueAt legalDueAt priority
             department { code } category { code } contact { name phone email } }
    userErrors { field code message }
  }
}
"""

ROUTE = """
mutation($input: RouteTicketInput!) {
  routeTicket(input: $input) { ticket { id status version department { code } } userErrors { field code message } }
}
"""

ASSIGN = """
mutation($input: AssignTicketInput!) {
  assignTicket(input: $input) { ticket { id version assignee { name } } userErrors { field code message } }
}
"""

CHANGE_STATUS = """
mutation($input: ChangeTicketStatusInput!) {
  changeTicketStatus(input: $input) {
    ticket { id status version closedAt resolution forwardedTo duplicateOf { reference } }
    userErrors { field code message }
  }
}
"""

REOPEN = """
mutation($input: ReopenTicketInput!) {
  reopenTicket(input: $input) { ticket { id status version closedAt } userErrors { field code message } }
}
"""

NOTE = """
mutation($input: AddInternalNoteInput!) {
  addInternalNote(input: $input) { event { id type public message } ticket { version } userErrors { field code } }
}
"""

REPLY = """
mutation($input: ReplyToCitizenInput!) {
  replyToCitizen(input: $input) { event { id type public message } userErrors { field code } }
}
"""

MERGE = """
mutation($input: MergeTicketsInput!) {
  mergeTickets(input: $input) { ticket { id status timeline { totalCount } } userErrors { field code message } }
}
"""

TIMELINE = """
query($id: ID!) {
  node(id: $id) {
    ... on Ticket {
      status version
      timeline(first: 50) { totalCount edges { node { id type actorLabel actor { name } fromStatus toStatus public message createdAt } } }
    }
  }
}
"""
