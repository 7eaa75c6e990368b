"""Reads answered by one SQL statement that builds the whole response JSON in PostgreSQL.

For the documents the planner knows (the queue's page of `tickets`, `trackRequest`), every
field's answer is written by `json_build_object` instead of graphql-core completing each field
in Python; anything else is left to the resolvers. executor.py decides, tickets_page.py,
tracking.py and objects.py write the SQL, direct.py runs it, prepared.py keeps it for reuse.
"""
