"""The user guide shows the screenshots the browser tours take: the readme/
fragments, the README.rst generated from them and the Apps page show existing
screenshots, and the guide every one (a check of the repository's files, run
by `make test` beside the behaviour suite)."""

import re
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parents[1] / "portal_access_ext"
SCREENSHOT_DIR = ADDON_DIR / "static" / "description" / "screenshots"


def test_guide_shows_every_screenshot():
    """Test that the guide (readme/ fragments, the README.rst generated from
    them) and the Apps page show existing screenshots, and every one."""
    description = ADDON_DIR / "static" / "description"
    fragments = "".join(
        path.read_text(encoding="utf-8")
        for path in sorted((ADDON_DIR / "readme").glob("*.md"))
    )
    readme = (ADDON_DIR / "README.rst").read_text(encoding="utf-8")
    index = (description / "index.html").read_text(encoding="utf-8")
    shown = {
        "readme/": {
            ADDON_DIR / "readme" / path
            for path in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", fragments)
        },
        "README.rst": {
            ADDON_DIR / path for path in re.findall(r"image:: (static/\S+)", readme)
        },
        "index.html": {
            description / path
            for path in re.findall(r'src="([^"]+)"', index)
            if "//" not in path
        },
    }
    taken = {path.resolve() for path in SCREENSHOT_DIR.glob("*.png")}
    assert taken, "no screenshot in static/description/screenshots"
    for where, paths in shown.items():
        resolved = {path.resolve() for path in paths}
        assert resolved, f"{where} shows no screenshot"
        assert resolved <= taken, f"{where} shows images that do not exist"
    guide = {path.resolve() for path in shown["readme/"]}
    assert guide == taken, "every screenshot is in the guide, and only those"
    readme_shows = {path.resolve() for path in shown["README.rst"]}
    assert readme_shows == guide, "README.rst is stale: run scripts/gen_addon_readme.py"
