"""The README as a new operator reads it: self-contained, its two commands the ones CI runs, every
setting in its table."""

from __future__ import annotations

import re
from pathlib import Path

from openintra.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def sh_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, re.S)


def test_the_readme_stands_alone() -> None:
    """A clone has no ../shared: the README never points outside the repository."""
    assert "../shared" not in README and "DESIGN" not in README and "§" not in README
    for folder in ("resources/", "api/", "rules/", "auth/", "models/", "db/migrations/", "demo/"):
        assert f"`{folder}`" in README, folder


def test_the_first_command_runs_the_demo_and_the_second_is_what_ci_runs() -> None:
    first, second = (block.strip() for block in sh_blocks()[:2])
    assert first.endswith(".venv/bin/openintra demo") and "pip install" in first
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert second == ci and second.endswith(".venv/bin/pytest -n 2")


def test_the_settings_table_lists_every_setting_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `(OPENINTRA_[A-Z_]+)` \| ([^|]*) \|", README, re.M))
    fields = Settings.model_fields
    assert set(rows) == {f"OPENINTRA_{name.upper()}" for name in fields}, "a row per setting, no other"
    for name, field in fields.items():
        default = field.default
        shown = rows[f"OPENINTRA_{name.upper()}"]
        expected = "unset" if default is None else str(default).lower()
        assert expected in shown.lower(), (name, shown)


def test_the_readme_tells_how_to_get_a_staff_token_and_how_to_run_in_production() -> None:
    assert re.search(r"^STAFF_TOKEN=\$\(curl", README, re.M), "how STAFF_TOKEN is obtained"
    production = README[README.index("## Production") :]
    assert "createdb" in production and "OPENINTRA_REDIS_URL" in production
    assert production.index("createdb") < production.index("openintra db upgrade")
