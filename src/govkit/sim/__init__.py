"""Monte Carlo helpers: turnout models, ballot generators, sweeps (coming in issue 7)."""
