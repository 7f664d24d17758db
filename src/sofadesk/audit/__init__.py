"""The append-only, hash-chained audit trail shared by every case kind."""
