"""The web interface: server-rendered pages (Jinja2, htmx) on the same service functions as the API."""
