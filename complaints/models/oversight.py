"""Complaints oversight registers (dip samples, panels and hearings, appeals, long investigations)."""

__all__: list[str] = []
