#!/usr/bin/env bash
# mailpit.sh builds Mailpit, the SMTP server the notification tests send
# mail to, from its Go module (pinned in tools/mailpit) into the test
# environment's cache, once. Prints the binary's path.
#
# Environment:
#   VIGIL_TESTENV_CACHE  binary cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/vigil-testenv)
set -euo pipefail

readonly VERSION=v1.33.1
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly CACHE_DIR="${VIGIL_TESTENV_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/vigil-testenv}"
readonly BIN="${CACHE_DIR}/mailpit-${VERSION}"

if [[ ! -x "${BIN}" ]]; then
	mkdir -p "${CACHE_DIR}"
	printf 'mailpit: building %s into %s (about 2 minutes from a cold cache)\n' "${VERSION}" "${BIN}" >&2
	(cd "${REPO_ROOT}/tools/mailpit" && go build -o "${BIN}.tmp" github.com/axllent/mailpit)
	mv "${BIN}.tmp" "${BIN}"
fi
printf '%s\n' "${BIN}"
