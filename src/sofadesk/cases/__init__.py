"""Case work under the Agreement: one package per case kind, sharing accounts, visibility and audit."""
