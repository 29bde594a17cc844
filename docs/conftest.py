"""pytest collects the ``>>>`` examples of docs/*.md (``--doctest-glob=*.md``), not conf.py."""

# conf.py needs Sphinx, which only the docs extra installs; _build holds generated copies.
collect_ignore = ["conf.py", "_build"]
