"""Prometheus metrics of the gateway, served at /metrics."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)
MESSAGES = Counter("gongqian_messages_total", "Inbound messages by channel and outcome.",
                   ["channel", "status"], registry=REGISTRY)
STEPS = Histogram("gongqian_step_seconds", "Time from lock to saved state for one message.",
                  buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
                  registry=REGISTRY)
ENTERED = Counter("gongqian_dialogue_entered_total", "Dialogue states entered (the chat funnel).",
                  ["state"], registry=REGISTRY)
LEADS = Counter("gongqian_leads_total", "Leads written to the outbox.", ["channel", "kind"], registry=REGISTRY)
