"""
Monte Carlo helpers for analysts: turnout models, decision chances, ballot generators, sweeps.

* Turnout: `IndependentTurnout`, `GroupTurnout` (households, buildings),
  `BetaBinomialTurnout` (one shock per meeting); how those who take part vote:
  `ChoiceModel`.
* `decision_probabilities`: the chance that any `~govkit.voting.DecisionRule`
  (presets included) ends adopted, rejected, tied or without quorum, exactly
  where that is cheap, else by Monte Carlo with Wilson score intervals.
* Ballot generators: `ImpartialCulture`, `Mallows`, `PlackettLuce`, `Spatial`,
  drawn with `generate_profile` / `generate_rows`; `generate_approvals`.
* `sweep`: a function over a parameter grid on any ``concurrent.futures``
  executor (Dask's included), with results that do not depend on the executor.
* Charts: `plot_sweep` (pass probability against turnout), `plot_grid_sizes`
  (the distribution of grid sizes, `grid_sizes`), `plot_containment` (cases by the
  tier that closed them) and `plot_backlog` (open cases over time) for case flows.

Sampling needs NumPy (the ``fast`` extra); DataFrames need ``pandas`` and plots
``plot`` (matplotlib). Every random draw comes from a seed the caller passes.
"""

from govkit.sim._charts import grid_sizes, plot_backlog, plot_containment, plot_grid_sizes
from govkit.sim._choice import ChoiceModel
from govkit.sim._estimate import STATUSES, DecisionProbabilities, Estimate, wilson_interval
from govkit.sim._exact import EXACT_LIMIT
from govkit.sim._frames import plot_sweep
from govkit.sim._generators import (
    BallotModel,
    ImpartialCulture,
    Mallows,
    PlackettLuce,
    Spatial,
    generate_approvals,
    generate_profile,
    generate_rows,
)
from govkit.sim._probability import decision_probabilities
from govkit.sim._sweep import SweepResult, point_seed, sweep
from govkit.sim._turnout import (
    BetaBinomialTurnout,
    GroupTurnout,
    IndependentTurnout,
    TurnoutModel,
    beta_binomial,
    binomial,
)

__all__ = [
    "EXACT_LIMIT",
    "STATUSES",
    "BallotModel",
    "BetaBinomialTurnout",
    "ChoiceModel",
    "DecisionProbabilities",
    "Estimate",
    "GroupTurnout",
    "ImpartialCulture",
    "IndependentTurnout",
    "Mallows",
    "PlackettLuce",
    "Spatial",
    "SweepResult",
    "TurnoutModel",
    "beta_binomial",
    "binomial",
    "decision_probabilities",
    "generate_approvals",
    "generate_profile",
    "generate_rows",
    "grid_sizes",
    "plot_backlog",
    "plot_containment",
    "plot_grid_sizes",
    "plot_sweep",
    "point_seed",
    "sweep",
    "wilson_interval",
]
