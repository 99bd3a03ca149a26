"""The central server: receives every record once, validates it again, scopes agents to their
communes, hands out reference data and totals the campaign."""
