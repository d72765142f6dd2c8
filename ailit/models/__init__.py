"""Offline model layer: which model plays which role, where it comes from, how it loads."""
