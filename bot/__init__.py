"""gongqian gateway: channels, the message path and the command line."""
