"""Where config, exercises, themes and progress live.

Resolving is pure: nothing here creates a folder until something needs to be
written, and then ``atomic.ensure_private_dir`` makes it readable by its owner only.

Order of precedence for each folder: the command-line option, then the
environment variable, then the platform's usual place (platformdirs, so the
XDG variables work on Linux).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
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
    def support_file(self) -> Path:
        """Local support contacts, shown on the support page (see ``support.py``)."""
        return self.config_dir / "support.toml"

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

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


def file_in_the_way(folders: Iterable[Path]) -> Path | None:
    """The first file (not a folder) standing where one of *folders*, or a folder above it, is.

    Missing folders are fine (they are made when first needed).
    """
    for folder in folders:
        for place in (folder, *folder.parents):
            try:
                info = os.stat(place)
            except OSError:
                continue  # missing, or a file further up: found when the loop gets there
            if not stat.S_ISDIR(info.st_mode):
                return place
            break
    return None


def _pick(option: str | os.PathLike[str] | None, env_value: str | None) -> Path | None:
    # An empty environment variable means "not set", as most programs treat it.
    for value in (option, env_value):
        if value is not None and os.fspath(value) != "":
            return Path(value).expanduser()
    return None
