"""Sync: the panel, Close the day, and the needs-attention list with its fix and conflict
dialogs.
"""
