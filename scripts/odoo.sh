#!/usr/bin/env bash
# Run odoo-bin with the project's config: scripts/odoo.sh [odoo-bin args...]
set -euo pipefail
. "$(dirname "$0")/env.sh"
exec "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" "$@"
