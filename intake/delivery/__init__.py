"""Delivery of leads from the outbox to the case backend: body, policy, forwarder and the worker loop."""
