"""Consultation agendas, procedures as stage graphs, event-sourced runs (coming in issue 4)."""
