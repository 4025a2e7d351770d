"""Odoo's own runner (runbot, OCA CI, Odoo.sh: `odoo-bin --test-enable`) runs only
the test modules that `tests/__init__.py` imports, while pytest-odoo collects every
`test_*.py` file: a module left out of the package is a suite that one of the two
never sees. Every test file of every addon of the repository is imported."""

import ast
from pathlib import Path

from odoo.tests import BaseCase, tagged

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(init_file):
    """The names `from . import x` brings in, as Python reads the file."""
    tree = ast.parse(init_file.read_text(), str(init_file))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            names.add(node.module.split(".")[0])
    return names


@tagged("post_install", "-at_install")
class TestEveryTestModuleImported(BaseCase):
    def test_every_test_file_is_imported(self):
        """Test that every tests/test_*.py of every addon is imported by its tests/__init__.py."""
        test_dirs = sorted({p.parent for p in ROOT.glob("*/tests/test_*.py")})
        self.assertTrue(test_dirs, "no addon test directory found")
        missing = []
        for test_dir in test_dirs:
            init_file = test_dir / "__init__.py"
            imported = _imported_modules(init_file) if init_file.is_file() else set()
            missing += [
                str(path.relative_to(ROOT))
                for path in sorted(test_dir.glob("test_*.py"))
                if path.stem not in imported
            ]
        self.assertFalse(
            missing,
            "test modules Odoo's runner never runs (add them to tests/__init__.py): "
            + ", ".join(missing),
        )

    def test_imported_modules_exist(self):
        """Test that tests/__init__.py imports no test module that is gone."""
        stale = []
        for init_file in ROOT.glob("*/tests/__init__.py"):
            for name in _imported_modules(init_file):
                if (
                    not (init_file.parent / f"{name}.py").is_file()
                    and not (init_file.parent / name).is_dir()
                ):
                    stale.append(f"{init_file.relative_to(ROOT)}: {name}")
        self.assertFalse(stale, "imports of missing modules: " + ", ".join(stale))


@tagged("post_install", "-at_install")
class TestOdooRunnerSeesEveryTest(BaseCase):
    def test_odoo_runner_collects_what_pytest_collects(self):
        """Test that Odoo's loader finds, in every test module of every addon,
        the same test methods as unittest's loader (what pytest-odoo collects).

        Odoo's runner takes only the methods a class defines itself unless the
        class sets ``allow_inherited_tests_method``: a test class that reuses
        another's tests (stock's, a shared mixin's) would run under pytest and
        silently not under runbot."""
        import importlib
        import unittest

        from odoo.tests import loader

        # the addon whose suite both runners run (`make test` runs pytest on
        # portal_access_ext/tests); portal_access_ext_stock_tests is run by
        # Odoo's runner only (`make test-stock`), with stock's own semantics
        addons = ["portal_access_ext"]
        unittest_loader = unittest.TestLoader()
        odoo_total = pytest_total = 0
        differences = []
        for addon in addons:
            for path in sorted((ROOT / addon / "tests").glob("test_*.py")):
                module = importlib.import_module(
                    f"odoo.addons.{addon}.tests.{path.stem}"
                )
                odoo_names = {
                    test.id() for test in loader.get_module_test_cases(module)
                }
                pytest_names = {
                    f"{module.__name__}.{cls.__name__}.{name}"
                    for cls in vars(module).values()
                    if isinstance(cls, type)
                    and issubclass(cls, unittest.TestCase)
                    and cls.__module__ == module.__name__
                    for name in unittest_loader.getTestCaseNames(cls)
                }
                odoo_total += len(odoo_names)
                pytest_total += len(pytest_names)
                differences += sorted(pytest_names ^ odoo_names)
        print(
            f"\n[check] test methods: Odoo's runner {odoo_total}, "
            f"pytest-odoo {pytest_total}"
        )
        self.assertFalse(
            differences,
            "tests one runner sees and the other does not (set "
            "allow_inherited_tests_method on classes that reuse inherited "
            "tests): " + ", ".join(differences[:20]),
        )
