"""Dialogues declared as data and the engine that walks them."""
