"""The ``reconnect`` command line."""
