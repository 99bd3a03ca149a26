"""The two enrollment forms (voluntary social insurance, household health insurance) and their
parts.
"""
