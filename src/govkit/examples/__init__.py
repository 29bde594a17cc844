"""Bundled example scenarios (package data): what `govkit demo` runs."""
