"""Widgets shared by every screen: fields, form errors and drafts, the base dialog of record
forms, saving files.
"""
