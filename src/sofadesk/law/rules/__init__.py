"""Rules as code, one module per article (or group of final clauses)."""
