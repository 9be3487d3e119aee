"""``python -m dunning``: the command line (see ``dunning --help``)."""

import sys

from ._cli._main import main

sys.exit(main())
