#!/usr/bin/env bash
# Re-downloads the dashboards' front-end libraries from the npm registry
# at the exact versions pinned below, checks each tarball against the
# registry's dist.integrity, and keeps only the built files and the
# license under internal/web/static/vendor/<package>-<version>/.
# No Node toolchain is needed to build or run Vigil: only this script
# uses npm. After changing a version, update the paths in
# internal/web/assets.go (the page templates name them from there) and
# run `go test ./internal/web`.
set -euo pipefail

# package@version, then the files to keep (built file first).
PACKAGES=(
	"htmx.org@2.0.11 dist/htmx.min.js LICENSE"
	"chart.js@4.5.1 dist/chart.umd.min.js LICENSE.md"
)

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/internal/web/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$vendor"
mkdir -p "$vendor"
for entry in "${PACKAGES[@]}"; do
	read -r spec files <<<"$entry"
	name=${spec%@*}
	version=${spec##*@}
	want=$(npm view "$spec" dist.integrity)
	if [[ $want != sha512-* ]]; then
		echo "update-web-assets: $spec: the registry gave no sha512 integrity ($want)" >&2
		exit 1
	fi
	tgz=$(cd "$work" && npm pack --silent "$spec")
	got="sha512-$(openssl dgst -sha512 -binary "$work/$tgz" | base64 -w0)"
	if [[ $got != "$want" ]]; then
		echo "update-web-assets: $spec: tarball integrity $got does not match the registry's $want" >&2
		exit 1
	fi
	mkdir -p "$work/$name"
	tar -xzf "$work/$tgz" -C "$work/$name"
	dest="$vendor/$name-$version"
	mkdir -p "$dest"
	for f in $files; do
		cp "$work/$name/package/$f" "$dest/$(basename "$f")"
	done
	echo "$spec $want" >>"$vendor/INTEGRITY"
	echo "update-web-assets: $spec ok" >&2
done
