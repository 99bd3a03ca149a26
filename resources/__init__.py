"""Data shipped with the app and the server: reference data, icons, styles and translations."""
