"""The version of govkit, read by the build and by ``govkit --version``."""

__version__ = "0.1.0.dev0"
