"""The PySide6 shell: windows, dialogs, item models and widgets over ``agent_app.services``."""
