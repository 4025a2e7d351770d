"""Generate each addon's README.rst from its readme/ fragments, the OCA way.

What the OCA's ``oca-gen-addon-readme`` (maintainer-tools, which is not on PyPI)
does, for this repository: the Markdown fragments of ``<addon>/readme/``
(DESCRIPTION, CONFIGURE, USAGE, CONTRIBUTORS...) are converted to
reStructuredText by pandoc with the same reader (GitHub Markdown without raw
HTML nor automatic anchors) and heading shifts, assembled in the OCA's order
and layout (scripts/addon_readme.rst.jinja) with badges from the manifest and
the sha256 digest of the sources, then checked by docutils as PyPI would render
it. The file is rewritten only when its content changes, so that pre-commit
(hook ``gen-addon-readme``) fails exactly when README.rst is stale.

    python scripts/gen_addon_readme.py [--check] [ADDON_DIR ...]

Without ADDON_DIR, every addon of the repository that has readme/DESCRIPTION.md.
``--check`` writes nothing and exits 1 when a README.rst is not up to date.
"""

import argparse
import ast
import hashlib
import io
import re
import sys
from pathlib import Path

import pypandoc
from docutils.core import publish_string
from jinja2 import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "addon_readme.rst.jinja"

# Fragment -> the level of its own headings (CONTRIBUTORS and CREDITS sit under
# "Credits", one level down), in the OCA's order.
FRAGMENTS = {
    "DESCRIPTION": 2,
    "CONTEXT": 2,
    "INSTALL": 2,
    "CONFIGURE": 2,
    "USAGE": 2,
    "ROADMAP": 2,
    "DEVELOP": 2,
    "CONTRIBUTORS": 3,
    "CREDITS": 3,
    "HISTORY": 2,
}
PANDOC_MARKDOWN_FORMAT = "gfm-raw_html-gfm_auto_identifiers"
# The settings PyPI's readme_renderer uses: any warning is an error.
RST_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "raw_enabled": False,
    "report_level": 2,
    "output_encoding": "unicode",
}
LICENSE_BADGES = {
    "AGPL-3": ("AGPL--3", "https://www.gnu.org/licenses/agpl-3.0-standalone.html"),
    "LGPL-3": ("LGPL--3", "https://www.gnu.org/licenses/lgpl-3.0-standalone.html"),
    "GPL-3": ("GPL--3", "https://www.gnu.org/licenses/gpl-3.0-standalone.html"),
}
STATUS_BADGES = {
    "alpha": "Alpha-red",
    "beta": "Beta-yellow",
    "production/stable": "Production%2FStable-green",
    "mature": "Mature-brightgreen",
}
# Images are written relative to readme/ (so the fragment shows on a forge);
# README.rst sits one level up.
IMAGE_RE = re.compile(
    r"^(?P<head>.*\.\. .*(?:image|figure)::\s+)\.\./(?P<path>\S+)\s*$"
)
# A link of a fragment to another file of readme/ (the translated guides):
# relative to readme/ there, to the addon's folder in README.rst.
README_LINK_RE = re.compile(
    r"<(?![a-z][a-z0-9+.-]*:|/|\.\./|#)(?P<path>[^<>\s]+\.md)>`_"
)


class ReadmeError(Exception):
    """A fragment or the generated README.rst is not valid."""


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def source_digest(addon_dir):
    """sha256 of the manifest and of readme/ (names and contents), as the OCA's."""
    digest = hashlib.sha256()
    files = [addon_dir / "__manifest__.py"]
    files += sorted(
        p
        for p in (addon_dir / "readme").rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    for path in files:
        digest.update(str(path.relative_to(addon_dir)).encode("utf-8"))
        digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()}"


def convert_fragment(path, level):
    if path.suffix == ".rst":
        text = path.read_text(encoding="utf-8")
    else:
        text = pypandoc.convert_file(
            str(path),
            to="rst",
            format=PANDOC_MARKDOWN_FORMAT,
            extra_args=[f"--shift-heading-level-by={level - 2}"],
            sandbox=True,
        )
    lines = [IMAGE_RE.sub(r"\g<head>\g<path>", line) for line in text.splitlines()]
    text = README_LINK_RE.sub(r"<readme/\g<path>>`_", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def fragments_of(addon_dir):
    fragments = {}
    for name, level in FRAGMENTS.items():
        found = [
            p
            for p in (
                addon_dir / "readme" / f"{name}.md",
                addon_dir / "readme" / f"{name}.rst",
            )
            if p.exists()
        ]
        if len(found) > 1:
            raise ReadmeError(
                f"{addon_dir.name}: both {name}.md and {name}.rst in readme/, keep one"
            )
        if found:
            text = convert_fragment(found[0], level)
            if text:
                fragments[name] = text
    return fragments


def badges_of(manifest):
    badges = []
    status = manifest.get("development_status", "Beta").lower()
    if status in STATUS_BADGES:
        badges.append(
            (
                f"https://img.shields.io/badge/maturity-{STATUS_BADGES[status]}.png",
                "https://odoo-community.org/page/development-status",
                manifest.get("development_status", "Beta"),
            )
        )
    license_ = manifest.get("license")
    if license_ in LICENSE_BADGES:
        badge, url = LICENSE_BADGES[license_]
        badges.append(
            (
                f"https://img.shields.io/badge/license-{badge}-blue.png",
                url,
                f"License: {license_}",
            )
        )
    return badges


def render(addon_dir):
    manifest = read_manifest(addon_dir)
    for key in ("name", "version"):
        if not manifest.get(key):
            raise ReadmeError(f"{addon_dir.name}: the manifest has no {key!r}")
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    text = Template(
        TEMPLATE.read_text(encoding="utf-8"), keep_trailing_newline=True
    ).render(
        addon_name=addon_dir.name,
        authors=authors,
        badges=badges_of(manifest),
        fragments=fragments_of(addon_dir),
        manifest=manifest,
        source_digest=source_digest(addon_dir),
    )
    check_rst(addon_dir, text)
    return text


def check_rst(addon_dir, text):
    warnings = io.StringIO()
    try:
        publish_string(
            text,
            source_path=str(addon_dir / "README.rst"),
            writer_name="html4css1",
            settings_overrides={**RST_SETTINGS, "warning_stream": warnings},
        )
    except Exception as exc:  # docutils raises SystemMessage, or others on broken input
        raise ReadmeError(
            f"{addon_dir.name}/README.rst does not render: {exc}"
        ) from exc
    if warnings.getvalue():
        raise ReadmeError(
            f"{addon_dir.name}/README.rst does not render cleanly:\n{warnings.getvalue()}"
        )


def addon_dirs(args):
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(
        p.parent
        for p in ROOT.glob("*/__manifest__.py")
        if (p.parent / "readme" / "DESCRIPTION.md").exists()
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing, exit 1 if a README.rst is stale",
    )
    parser.add_argument("addon_dirs", nargs="*", metavar="ADDON_DIR")
    options = parser.parse_args(argv)
    stale = []
    for addon_dir in addon_dirs(options.addon_dirs):
        if not (addon_dir / "__manifest__.py").exists():
            print(
                f"[readme] ERROR: {addon_dir} is not an addon (no __manifest__.py)",
                file=sys.stderr,
            )
            return 2
        try:
            text = render(addon_dir)
        except ReadmeError as exc:
            print(f"[readme] ERROR: {exc}", file=sys.stderr)
            return 2
        readme = addon_dir / "README.rst"
        if readme.exists() and readme.read_text(encoding="utf-8") == text:
            continue
        stale.append(readme)
        if not options.check:
            readme.write_text(text, encoding="utf-8")
            print(f"[readme] wrote {readme.relative_to(ROOT)}", file=sys.stderr)
    if options.check and stale:
        print(
            "[readme] stale, run scripts/gen_addon_readme.py: "
            + ", ".join(str(p.relative_to(ROOT)) for p in stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
