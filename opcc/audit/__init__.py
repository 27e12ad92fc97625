"""The access audit trail: who signed in, viewed, exported or changed access, append-only."""
