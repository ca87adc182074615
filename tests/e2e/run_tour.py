"""Open the app on the test tour exercise, as `reconnect start tour --solo Sam` would."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reconnect_tui.ui.app import run_app
from tests.builders import library
from tests.ui.fixtures import TOUR

sys.exit(run_app(paths=None, library=library(TOUR), start="tour", mode="solo", names=["Sam"]))
