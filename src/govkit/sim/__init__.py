"""Monte Carlo helpers for analysts: turnout models, ballot generators, sweeps (coming in issue 7)."""
