"""Reads answered by one SQL statement that builds the whole response JSON in PostgreSQL.

For the documents the planner knows (the queue's page of `tickets`, a ticket's page through
`node(id:)` with its timeline, `trackRequest`), every field's answer is written by
`json_build_object` instead of graphql-core completing each field in Python; anything else is
left to the resolvers. executor.py decides; tickets_page.py, ticket_node.py, timeline.py,
tracking.py and objects.py write the SQL; direct.py runs it; prepared.py keeps it for reuse.
"""
