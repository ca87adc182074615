"""Where config, exercises, themes and progress live.

Resolving is pure: nothing here creates a folder until something needs to be
written, and then ``atomic.ensure_private_dir`` makes it readable by its owner only.

Order of precedence for each folder: the command-line option, then the
environment variable, then the platform's usual place (platformdirs, so the
XDG variables work on Linux).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import attrs
import platformdirs

APP_NAME = "reconnect"
CONFIG_ENV = "RECONNECT_CONFIG_DIR"
DATA_ENV = "RECONNECT_DATA_DIR"


@attrs.frozen(kw_only=True)
class Paths:
    """The two folders the program owns, and the places inside them.

    Attributes:
        config_dir: settings, the person's own exercises and themes.
        data_dir: saved progress, and files set aside because they could not be read.
    """

    config_dir: Path = attrs.field(converter=Path)
    data_dir: Path = attrs.field(converter=Path)

    @property
    def exercises_dir(self) -> Path:
        return self.config_dir / "exercises"

    @property
    def themes_dir(self) -> Path:
        return self.config_dir / "themes"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def catalogue_file(self) -> Path:
        """Home's list kept from the last start (see ``catalogue.py``); safe to delete."""
        return self.data_dir / "cache" / "catalogue.json"

    @classmethod
    def resolve(
        cls,
        *,
        config_dir: str | os.PathLike[str] | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Paths:
        """The folders to use: options first, then environment, then platform defaults."""
        env = os.environ if environ is None else environ
        return cls(
            config_dir=_pick(config_dir, env.get(CONFIG_ENV))
            or platformdirs.user_config_path(APP_NAME, appauthor=False),
            data_dir=_pick(data_dir, env.get(DATA_ENV))
            or platformdirs.user_data_path(APP_NAME, appauthor=False),
        )


def _pick(option: str | os.PathLike[str] | None, env_value: str | None) -> Path | None:
    # An empty environment variable means "not set", as most programs treat it.
    for value in (option, env_value):
        if value is not None and os.fspath(value) != "":
            return Path(value).expanduser()
    return None
