"""What the field and the center share (domain rules, wire protocol, sync client) and the
central server itself. Never imports Qt or ``agent_app``."""

__version__ = "0.1.0"
