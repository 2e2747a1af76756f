"""Broadcasts: SMS reminders of workers' rights to many numbers — scheduled, throttled, resumable.

`service` is the API the command line and the console share; `sender` runs a broadcast;
`journal` remembers, per recipient, whether a message went out, so no one gets a second copy.
"""
