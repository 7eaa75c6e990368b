"""Signed outgoing webhooks: integrators told of every change they subscribed to."""
