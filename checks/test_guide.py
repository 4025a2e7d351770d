"""The user guide shows the screenshots the browser tours take: the readme/
fragments, the README.rst generated from them and the Apps page show existing
screenshots, and the guide every one (a check of the repository's files, run
by `make test` beside the behaviour suite)."""

import re
from pathlib import Path

import pytest

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


# ----------------------------------------------------------------------
# The guide in French and Vietnamese (readme/fr/, readme/vi/), with the
# screenshots the same tours take in those languages (screenshots/fr/, vi/)
# ----------------------------------------------------------------------

TRANSLATIONS = ("fr", "vi")
FRAGMENTS = ("DESCRIPTION.md", "CONFIGURE.md", "USAGE.md")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
HEADING_RE = re.compile(r"^(#{1,6})\s+\S")
CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1")


def _structure(path):
    """What a translation keeps from its original: the levels of its headings
    in order, its images in order, its fenced code blocks and its code spans
    (commands, paths, technical names are never translated)."""
    headings, blocks, spans = [], [], []
    block = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE_RE.match(line):
            if block is None:
                block = [line]
            else:
                blocks.append("\n".join([*block, line]))
                block = None
            continue
        if block is not None:
            block.append(line)
            continue
        heading = HEADING_RE.match(line)
        if heading:
            headings.append(len(heading.group(1)))
        spans += [span.strip() for _ticks, span in CODE_SPAN_RE.findall(line)]
    images = IMAGE_RE.findall(path.read_text(encoding="utf-8"))
    return {
        "heading levels": headings,
        "images": [Path(image).name for image in images],
        "code blocks": blocks,
        "code spans": sorted(spans),
        "image paths": [path.parent / image for image in images],
    }


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translated_screenshots_are_the_english_ones(lang):
    """Test that the screenshot folder of a language holds exactly the images
    of the English guide, under the same names."""
    english = {path.name for path in SCREENSHOT_DIR.glob("*.png")}
    translated = {path.name for path in (SCREENSHOT_DIR / lang).glob("*.png")}
    assert english, "no screenshot in static/description/screenshots"
    assert translated == english, (
        f"screenshots/{lang}/ differs from the English screenshots: "
        f"missing {sorted(english - translated)}, extra {sorted(translated - english)}"
    )


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translated_guide_shows_every_screenshot_of_its_language(lang):
    """Test that the guide of a language exists and shows the screenshots of
    its language's folder, every one and only existing ones."""
    folder = (SCREENSHOT_DIR / lang).resolve()
    shown = set()
    for name in FRAGMENTS:
        path = ADDON_DIR / "readme" / lang / name
        assert path.is_file(), f"readme/{lang}/{name} is missing"
        for image in _structure(path)["image paths"]:
            resolved = image.resolve()
            assert resolved.parent == folder, (
                f"readme/{lang}/{name} shows {image.name} from another folder than "
                f"screenshots/{lang}/"
            )
            assert resolved.is_file(), f"readme/{lang}/{name}: {image} does not exist"
            shown.add(resolved)
    taken = {path.resolve() for path in folder.glob("*.png")}
    assert taken, f"no screenshot in screenshots/{lang}/"
    assert shown == taken, (
        f"readme/{lang}/ must show every screenshot of screenshots/{lang}/: "
        f"not shown {sorted(p.name for p in taken - shown)}"
    )


@pytest.mark.parametrize("name", FRAGMENTS)
@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translated_guide_follows_the_english_one(lang, name):
    """Test that a translated fragment has the English one's headings (levels,
    in order), images (in order), code blocks and code spans, so that a section
    added to the English guide and forgotten in a translation fails."""
    english = _structure(ADDON_DIR / "readme" / name)
    translated = _structure(ADDON_DIR / "readme" / lang / name)
    for key in ("heading levels", "images", "code blocks", "code spans"):
        assert translated[key] == english[key], (
            f"readme/{lang}/{name}: its {key} differ from readme/{name}'s:\n"
            f"  {lang}: {translated[key]}\n  en: {english[key]}"
        )
