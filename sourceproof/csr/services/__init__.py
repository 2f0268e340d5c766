"""Writes of the CSR app: keyword-only, typed, atomic, one module per area."""
