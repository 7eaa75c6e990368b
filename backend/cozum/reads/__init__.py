"""Reads answered by one SQL statement that builds the whole response JSON in PostgreSQL.

For documents the planner knows (the queue page, a ticket with its timeline, tracking), the
response of every field is composed by `json_build_object` instead of by graphql-core
completing each field in Python. Anything else is left to the resolvers.
"""
