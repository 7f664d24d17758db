"""Findability: search over the cases a user's State may see, and each user's saved filters."""
