"""The campaign screens: scripts, progress against targets, the call list of renewals and follow-
ups, today.
"""
