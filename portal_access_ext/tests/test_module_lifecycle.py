"""Install, upgrade and uninstall the addon in scratch databases with the real
odoo-bin, as an integrator would, with and without demo data."""

import os
import re
import subprocess
from pathlib import Path

from odoo.tests import BaseCase, tagged

ROOT = Path(__file__).resolve().parents[2]
MODULE = "portal_access_ext"
# Third-party modules shipped beside Odoo may log about themselves; what must
# stay silent is anything about this addon, and any error at all.
OWN_WARNING = re.compile(rf" (WARNING|ERROR|CRITICAL) .*{MODULE}")
ANY_ERROR = re.compile(r" (ERROR|CRITICAL) |Traceback")


def _sh(script, timeout=900):
    """Run bash with the project's environment and database helpers loaded."""
    return subprocess.run(
        ["bash", "-c", f". {ROOT}/scripts/env.sh; . {ROOT}/scripts/db.sh; {script}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@tagged("post_install", "-at_install", "lifecycle")
class TestModuleLifecycle(BaseCase):
    def _odoo(self, db, *args, command=""):
        res = _sh(
            f'"$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" {command} -c "$ODOO_RC" -d {db} '
            + " ".join(args)
        )
        log = res.stdout + res.stderr
        self.assertEqual(
            res.returncode, 0, f"odoo-bin {' '.join(args)} failed:\n{log[-4000:]}"
        )
        self.assertFalse(
            ANY_ERROR.search(log),
            f"errors logged by odoo-bin {' '.join(args)}:\n{log[-4000:]}",
        )
        own = [line for line in log.splitlines() if OWN_WARNING.search(line)]
        self.assertFalse(own, "warnings about the addon:\n" + "\n".join(own))
        return log

    def _sql(self, db, query):
        res = _sh(f'psql -d {db} -tAc "{query}"')
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout.strip()

    def _cycle(self, demo):
        db = f"portal_lifecycle_{os.getpid()}_{demo}"
        res = _sh(
            f"tmpl=$(pae_template_db {demo}) && pae_copy_db $tmpl {db}",
            timeout=1800,
        )
        self.assertEqual(res.returncode, 0, res.stderr)
        try:
            self._odoo(db, f"-i {MODULE}", "--stop-after-init")
            self.assertEqual(
                self._sql(
                    db, f"SELECT state FROM ir_module_module WHERE name='{MODULE}'"
                ),
                "installed",
            )
            demo_login = "portal.customer@harborlights.example.com"
            has_demo_user = self._sql(
                db, f"SELECT count(*) FROM res_users WHERE login='{demo_login}'"
            )
            self.assertEqual(has_demo_user, "1" if demo else "0")

            self._odoo(db, f"-u {MODULE}", "--stop-after-init")

            self._odoo(db, MODULE, command="module uninstall")
            self.assertEqual(
                self._sql(
                    db, f"SELECT state FROM ir_module_module WHERE name='{MODULE}'"
                ),
                "uninstalled",
            )
            self.assertEqual(
                self._sql(
                    db, f"SELECT count(*) FROM ir_model_data WHERE module='{MODULE}'"
                ),
                "0",
            )
        finally:
            _sh(f"pae_drop_db {db}")

    def test_install_upgrade_uninstall_without_demo(self):
        """Test that the addon installs, upgrades and uninstalls cleanly without demo data."""
        self._cycle(demo=0)

    def test_install_upgrade_uninstall_with_demo(self):
        """Test that the addon installs with its demo users, upgrades and uninstalls cleanly."""
        self._cycle(demo=1)


@tagged("post_install", "-at_install", "lifecycle")
class TestBrowserRequired(BaseCase):
    def test_tour_without_chromium_fails(self):
        """Test that a browser tour fails, not skips, when Chromium is not on PATH."""
        from odoo.tests.common import get_db_name

        env = dict(os.environ)
        env["PATH"] = str(Path(os.sys.executable).parent)  # the venv only: no chromium
        res = subprocess.run(
            [
                os.sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "--odoo-config",
                os.environ.get("ODOO_RC", str(ROOT / ".local/odoo.conf")),
                "--odoo-database",
                get_db_name(),
                "--odoo-http",
                str(ROOT / MODULE / "tests/test_install.py"),
                "-k",
                "reaches_my",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        out = res.stdout + res.stderr
        self.assertNotEqual(res.returncode, 0, out[-3000:])
        self.assertIn("browser test could not run", out)
        self.assertRegex(out, r"1 failed")
