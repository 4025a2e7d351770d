"""Build the addon as a wheel with whool (the way the OCA publishes addons),
install the wheel into a scratch virtualenv that has Odoo, and install the
module from it into a scratch database whose addons path leaves the
repository out."""

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from odoo.tests import BaseCase, tagged

ROOT = Path(__file__).resolve().parents[1]
MODULE = "portal_access_ext"
ADDON_DIR = ROOT / MODULE
DIST_NAME = f"odoo-addon-{MODULE}"
# whool: <normalised name>-<manifest version>[.<commits since it changed>]-py3-none-any
WHEEL_NAME = re.compile(
    rf"^odoo_addon_{MODULE}-(?P<version>19\.0\.\d+\.\d+\.\d+(\.\d+)?)-py3-none-any\.whl$"
)
IN_WHEEL = f"odoo/addons/{MODULE}/"
OWN_WARNING = re.compile(rf" (WARNING|ERROR|CRITICAL) .*{MODULE}")
ANY_ERROR = re.compile(r" (ERROR|CRITICAL) |Traceback")
# Printed by the odoo shell script below, so its answer is found in the log.
MARK = "PAE_PACKAGING_RESULT="
SHELL_PROBE = f"""
import json
import odoo.addons
import odoo.addons.{MODULE} as addon
from odoo.modules.module import get_module_path
module = env["ir.module.module"].search([("name", "=", "{MODULE}")])
print("{MARK}" + json.dumps({{
    "module_path": get_module_path("{MODULE}"),
    "package_file": addon.__file__,
    "addons_path": list(odoo.addons.__path__),
    "state": module.state,
    "installed_version": module.latest_version,
}}))
"""
# Where Odoo finds the addon with the repository left out of the addons path.
FIND_PROBE = f"""
import json, os
from odoo.tools import config
src = os.environ["ODOO_SRC"]
config.parse_config([
    "--addons-path=" + src + "/odoo/addons," + src + "/addons",
    "--http-interface=127.0.0.1",
])
from odoo.modules.module import initialize_sys_path, get_module_path
initialize_sys_path()
print(json.dumps(get_module_path("{MODULE}", display_warning=False) or None))
"""
# Run inside the scratch venv: every requirement of the installed wheel is met.
DEPS_PROBE = f"""
import json
from importlib.metadata import distribution, version, PackageNotFoundError
from packaging.requirements import Requirement
problems = []
for spec in distribution("{DIST_NAME}").requires or []:
    req = Requirement(spec)
    try:
        found = version(req.name)
    except PackageNotFoundError:
        problems.append(spec + ": not installed")
        continue
    if not req.specifier.contains(found, prereleases=True):
        problems.append(spec + ": found " + found)
print(json.dumps(problems))
"""


def _sh(script, timeout=900, cwd=None):
    """Run bash with the project's environment and database helpers loaded."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    return subprocess.run(
        ["bash", "-c", f". {ROOT}/scripts/env.sh; . {ROOT}/scripts/db.sh; {script}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env=env,
    )


def _build_python():
    """The interpreter that builds the wheel: the project venv's, which has whool
    from requirements-dev.txt; PAE_BUILD_PYTHON may name another one."""
    return os.environ.get("PAE_BUILD_PYTHON") or sys.executable


@tagged("post_install", "-at_install", "packaging")
class TestWheelPackaging(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manifest = ast.literal_eval((ADDON_DIR / "__manifest__.py").read_text())
        tmp = tempfile.TemporaryDirectory(prefix="pae_pack_")
        cls.addClassCleanup(tmp.cleanup)
        cls.tmp = Path(tmp.name)

    def _run(self, args, what, timeout=600, cwd=None, env=None):
        env = {
            k: v
            for k, v in (env or os.environ).items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV")
        }
        res = subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=cwd or self.tmp,
            env=env,
        )
        out = res.stdout + res.stderr
        self.assertEqual(res.returncode, 0, f"{what} failed:\n{out[-4000:]}")
        return res.stdout

    def _check_all_files_tracked(self):
        """whool ships the files git tracks: an addon file git does not know
        would be missing from the wheel (commit it, or ignore it)."""
        res = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "--", MODULE],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if res.returncode == 0:  # not a git checkout: whool copies the whole directory
            untracked = res.stdout.split()
            if untracked:
                self.fail(
                    "not in git, so not in the wheel (commit or ignore them):\n  "
                    + "\n  ".join(untracked)
                )

    def _build_wheel(self):
        self._check_all_files_tracked()
        python = _build_python()
        probe = subprocess.run(
            [python, "-c", "import whool, manifestoo_core"],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(
            probe.returncode,
            0,
            f"whool is not installed for {python} (requirements-dev.txt): {probe.stderr}",
        )
        dist = self.tmp / "dist"
        # No build isolation: the backend comes from the venv, nothing is downloaded.
        self._run(
            [
                python,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--no-cache-dir",
                "-w",
                str(dist),
                str(ADDON_DIR),
            ],
            "pip wheel",
            cwd=ROOT,
        )
        wheels = sorted(dist.glob("*.whl"))
        self.assertEqual(len(wheels), 1, f"expected one wheel, got {wheels}")
        return wheels[0]

    def _check_wheel_content(self, wheel):
        match = WHEEL_NAME.match(wheel.name)
        self.assertTrue(match, f"unexpected wheel name {wheel.name}")
        version = match.group("version")
        self.assertTrue(version.startswith(self.manifest["version"]), version)
        with zipfile.ZipFile(wheel) as zf:
            names = set(zf.namelist())
            meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
            meta = HeaderParser().parsestr(zf.read(meta_name).decode())
        self.assertEqual(meta["Name"], DIST_NAME)
        self.assertEqual(meta["Version"], version)
        # Every depend is an Odoo core addon: the wheel needs Odoo 19.0 and the
        # manifest's Python libraries, nothing else.
        expected = {"odoo==19.0.*", *self.manifest["external_dependencies"]["python"]}
        self.assertEqual(set(meta.get_all("Requires-Dist")), expected)
        # whool ships what git tracks: a file the manifest loads but git does not
        # know would be missing from the wheel.
        needed = ["__init__.py", "__manifest__.py", "README.rst"]
        needed += self.manifest.get("data", []) + self.manifest.get("demo", [])
        missing = [f for f in needed if IN_WHEEL + f not in names]
        self.assertFalse(
            missing, f"files missing from the wheel (not in git?): {missing}"
        )
        self.assertNotIn(IN_WHEEL + "pyproject.toml", names)
        stray = [
            n for n in names if n.endswith((".pyc", ".orig", ".rej")) or "/.git" in n
        ]
        self.assertFalse(stray, f"files that have no place in the wheel: {stray}")
        return version

    def _make_venv(self):
        """A scratch venv on the project venv's interpreter that sees the project
        venv's packages (Odoo and its libraries) through a .pth file placed
        after its own site-packages, where the wheel goes."""
        venv = self.tmp / "venv"
        self._run([sys.executable, "-m", "venv", "--without-pip", str(venv)], "venv")
        python = venv / "bin" / "python"
        purelib = Path(
            self._run(
                [
                    str(python),
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                ],
                "sysconfig",
            ).strip()
        )
        project_purelib = sysconfig.get_paths()["purelib"]
        (purelib / "_pae_project_venv.pth").write_text(
            f"import site; site.addsitedir({project_purelib!r})\n"
        )
        return python, purelib

    def _odoo(self, python, db, args, stdin=None, timeout=900):
        addons_path = "$ODOO_SRC/odoo/addons,$ODOO_SRC/addons"
        res = _sh(
            f'"{python}" "$ODOO_SRC/odoo-bin" {args} -c "$ODOO_RC" '
            f'--addons-path="{addons_path}" -d {db} --no-http {stdin or ""}',
            cwd=self.tmp,
            timeout=timeout,
        )
        log = res.stdout + res.stderr
        self.assertEqual(res.returncode, 0, f"odoo-bin {args} failed:\n{log[-4000:]}")
        self.assertFalse(
            ANY_ERROR.search(log), f"errors logged by odoo-bin {args}:\n{log[-4000:]}"
        )
        own = [line for line in log.splitlines() if OWN_WARNING.search(line)]
        self.assertFalse(own, "warnings about the addon:\n" + "\n".join(own))
        return log

    def test_wheel_builds_installs_and_odoo_installs_module_from_it(self):
        """Test that the whool wheel installs into a venv with Odoo and the module installs from it."""
        wheel = self._build_wheel()
        version = self._check_wheel_content(wheel)

        python, purelib = self._make_venv()
        self._run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--no-index",
                "--no-cache-dir",
                str(wheel),
            ],
            "pip install of the wheel",
        )
        installed = purelib / "odoo" / "addons" / MODULE
        self.assertTrue((installed / "__manifest__.py").is_file())
        unmet = json.loads(
            self._run([str(python), "-c", DEPS_PROBE], "requirements probe")
        )
        self.assertEqual(
            unmet, [], "requirements of the wheel not met in a venv with Odoo"
        )

        # Control: without the wheel (the project venv), that addons path has no
        # such addon; with it (the scratch venv), the addon is the installed copy.
        env = {**os.environ, "ODOO_SRC": os.environ.get("ODOO_SRC", "/opt/odoo/19.0")}
        found_without = json.loads(
            self._run([sys.executable, "-c", FIND_PROBE], "probe", env=env)
        )
        self.assertIsNone(found_without, "the addon is found without the wheel")
        found_with = json.loads(
            self._run([str(python), "-c", FIND_PROBE], "probe", env=env)
        )
        self.assertEqual(Path(found_with).resolve(), installed.resolve())

        db = f"pae_pack_{os.getpid()}"
        res = _sh(f"tmpl=$(pae_template_db 0) && pae_copy_db $tmpl {db}", timeout=1800)
        self.assertEqual(res.returncode, 0, res.stderr)
        try:
            self._odoo(python, db, f"-i {MODULE} --stop-after-init")
            probe = self.tmp / "probe.py"
            probe.write_text(SHELL_PROBE)
            log = self._odoo(python, db, "shell", stdin=f"< {probe}")
        finally:
            _sh(f"pae_drop_db {db}")
        lines = [line for line in log.splitlines() if line.startswith(MARK)]
        self.assertEqual(len(lines), 1, log[-3000:])
        found = json.loads(lines[0][len(MARK) :])
        self.assertEqual(found["state"], "installed")
        self.assertEqual(found["installed_version"], self.manifest["version"])
        # Odoo loaded the addon from the installed wheel, and the repository
        # was nowhere on its addons path.
        self.assertEqual(Path(found["module_path"]).resolve(), installed.resolve())
        self.assertTrue(
            Path(found["package_file"]).resolve().is_relative_to(installed.resolve()),
            found["package_file"],
        )
        repo = ROOT.resolve()
        # Odoo's own data-dir addons folder may live under the clone (.local/):
        # what matters is that no path on it holds the repository's addon.
        on_path = [
            p
            for p in found["addons_path"]
            if Path(p).resolve().is_relative_to(repo) and (Path(p) / MODULE).exists()
        ]
        self.assertFalse(on_path, f"the repository is on the addons path: {on_path}")
        self.assertTrue(version.startswith(found["installed_version"]))
