#!/usr/bin/env bash
# pre-commit (.pre-commit-config.yaml, the OCA's hooks) on every file git tracks,
# with the project venv's tools first on PATH. Hooks that fix files (ruff --fix,
# ruff format, prettier, whitespace) rewrite them: commit or stash first.
#   scripts/precommit.sh            every hook
#   scripts/precommit.sh HOOK_ID    one hook (e.g. prettier, pylint_odoo)
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAE_ROOT" || exit 1
[ -x "$PAE_VENV/bin/python" ] || bash "$PAE_ROOT/scripts/setup.sh" || exit 1
if ! command -v pre-commit >/dev/null; then
    echo "[precommit] ERROR: pre-commit is not installed in $PAE_VENV (requirements-dev.txt)" >&2
    exit 1
fi
# The environments pre-commit builds itself (node for prettier, a venv for the
# OCA checks) live beside the project venv, outside the clone.
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$PAE_CACHE/pre-commit}"
pre-commit run --all-files --show-diff-on-failure --color=never "$@"
rc=$?
[ $rc -eq 0 ] && echo "[precommit] ok" >&2 || echo "[precommit] FAILED (exit $rc)" >&2
exit $rc
