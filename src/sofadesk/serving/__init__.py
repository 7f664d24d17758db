"""What the REST API (sofadesk.web) and the pages (sofadesk.ui) share to serve HTTP: request-scoped sessions and
the authenticated user, problem responses, the body bound, security headers, JSON responses."""
