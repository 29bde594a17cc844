"""Grid hierarchies, routing, escalation and cases (coming in issues 5 and 6)."""
