"""``python -m govkit`` runs the ``govkit`` command."""

import sys

from govkit.cli import main

sys.exit(main())
