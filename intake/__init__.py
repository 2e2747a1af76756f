"""Intake: extraction, leads, routing and delivery. Imports nothing from `bot`."""
