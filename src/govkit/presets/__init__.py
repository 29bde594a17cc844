"""Packaged YAML presets: real rules with their legal sources."""
