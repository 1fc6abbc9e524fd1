"""A stateful Apache CloudStack management server simulator (standard library only)."""
