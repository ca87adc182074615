"""`python -m reconnect_tui` does what the `reconnect` command does."""

import sys

from reconnect_tui.cli.launch import main

sys.exit(main())
