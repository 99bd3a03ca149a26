"""Outreach events: the list and form, the campaign targets chart, the totals per type."""
