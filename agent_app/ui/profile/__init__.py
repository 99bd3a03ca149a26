"""The profile: sign-in and first run, backup and restore, settings, about."""
