"""The households list, one household's page, its forms (household, member, visit) and the read-
only record views.
"""
