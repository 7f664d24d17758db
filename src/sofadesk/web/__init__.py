"""The REST API (FastAPI) and, later, the web interface, on the same service functions."""
