"""The console page templates (string.Template files, shipped as package data)."""
