#!/usr/bin/env bash
# A consistent copy of the live database (SQLite's online backup, safe while
# the server runs), then old copies beyond KALYNA_BACKUP_KEEP removed, then
# KALYNA_BACKUP_HOOK (if executable) given the new copy's path, for an
# off-site copy. The narrative key is deliberately NOT copied here: keep it
# apart (see README), or a stolen backup would hold both the lock and the key.
set -euo pipefail
kind="${1:-daily}"
binary="${KALYNA_BIN:-/opt/kalyna/kalyna}"
config="${KALYNA_CONFIG:-/etc/kalyna/config.json}"
dir="${KALYNA_BACKUP_DIR:-/var/lib/kalyna/backups}"
keep="${KALYNA_BACKUP_KEEP:-14}"
mkdir -p "$dir"
copy="$dir/kalyna-$kind-$(date -u +%Y%m%dT%H%M%SZ).sqlite"
# Before the very first start there is nothing to keep (--if-exists).
"$binary" backup --config "$config" --if-exists "$copy"
[ -f "$copy" ] || exit 0
# Keep the newest $keep copies of this kind.
ls -1t "$dir"/kalyna-"$kind"-*.sqlite 2>/dev/null | tail -n +"$((keep + 1))" | xargs -r rm -f
hook="${KALYNA_BACKUP_HOOK:-}"
if [ -n "$hook" ] && [ -x "$hook" ]; then
  "$hook" "$copy"
fi
echo "backup: $copy"
