"""The supervisors' console: a server-rendered web app served by the central server at ``/``."""
