"""Money on paper: receipts and their ledger, the printed receipt and day report, the cash count,
the BHXH lists export.
"""
