"""Staff accounts: multi-factor sign-in, session limits, the access review."""
