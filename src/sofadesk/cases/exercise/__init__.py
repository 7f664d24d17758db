"""Joint exercises and training: planning, invitations, contingents, coverage, deconfliction, customs."""
