#!/usr/bin/env bash
# ruff (lint + format check) and pylint-odoo with the OCA mandatory checks.
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAE_ROOT" || exit 1
status=0
paths=()
for p in portal_access_ext bench scripts conftest.py; do [ -e "$p" ] && paths+=("$p"); done
echo "[lint] ruff check" >&2
ruff check "${paths[@]}" || status=1
echo "[lint] ruff format --check" >&2
ruff format --check "${paths[@]}" || status=1
echo "[lint] pylint-odoo" >&2
pylint --rcfile=.pylintrc portal_access_ext || status=1
[ $status -eq 0 ] && echo "[lint] ok" >&2
exit $status
