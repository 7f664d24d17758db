"""The treaty registry: States, agreements, each State's dated acts, and the in-force engine."""
