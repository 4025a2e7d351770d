#!/usr/bin/env bash
# The repository's checks, the OCA's way: pre-commit (.pre-commit-config.yaml)
# on every file git tracks, with the project venv's tools first on PATH: manifest
# / XML / PO checks of the OCA, prettier (XML, JS, Markdown), pre-commit-hooks'
# checks, ruff, ruff format and pylint-odoo. `make test` runs it first.
# Hooks that fix files (ruff --fix, ruff format, prettier, whitespace) rewrite
# them and fail: commit or stash first, and review what they changed.
#   scripts/lint.sh            every hook
#   scripts/lint.sh HOOK_ID    one hook (e.g. prettier, pylint_odoo)
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAE_ROOT" || exit 1
[ -x "$PAE_VENV/bin/python" ] || bash "$PAE_ROOT/scripts/setup.sh" || exit 1
die() { echo "[lint] ERROR: $*" >&2; exit 1; }
command -v pre-commit >/dev/null || die "pre-commit is not installed in $PAE_VENV (requirements-dev.txt)"
# pre-commit lists the files through git: a copy without .git has nothing to check.
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$PAE_ROOT is not a git clone; the checks run on git's files"
# prettier runs on the machine's Node.js (default_language_version: node: system).
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed for prettier (scripts/setup.sh installs them)"
# The environments pre-commit builds itself (prettier from npm, the OCA checks
# from PyPI) live beside the project venv, outside the clone, built once.
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$PAE_CACHE/pre-commit}"
pre-commit run --all-files --show-diff-on-failure --color=never "$@"
rc=$?
[ $rc -eq 0 ] && echo "[lint] ok" >&2 || echo "[lint] FAILED (exit $rc)" >&2
exit $rc
