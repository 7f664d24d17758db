"""States' authorities, their users and roles, API tokens."""
