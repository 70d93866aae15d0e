#!/usr/bin/env bash
# image.sh builds Vigil's OCI image without Docker or a registry and
# checks it: a static vigil (CGO_ENABLED=0) in one layer with CA
# certificates and a non-root user (65532), no base image and no shell,
# written to a local OCI image layout that crane, skopeo or podman copy
# to a registry (docs/operating.md).
#
# Usage: scripts/image.sh [LAYOUT_DIR]      (default bin/oci)
#
# Environment:
#   VERSION            Vigil's version (default: git describe)
#   GOARCH             the image's architecture (default: this machine's)
#   SOURCE_DATE_EPOCH  files' and image's timestamp (default: the last commit's)
#   IMAGE_TAG          the image's tag in the layout (default $VERSION)
#
# Prints the image's digest, then the check's report, on stdout.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_ROOT}"

layout="${1:-bin/oci}"
mkdir -p "$(dirname "${layout}")"
layout="$(cd "$(dirname "${layout}")" && pwd)/$(basename "${layout}")"
version="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
arch="${GOARCH:-$(go env GOARCH)}"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
tag="${IMAGE_TAG:-${version}}"
binary="${REPO_ROOT}/bin/vigil-linux-${arch}"

echo "image: building a static vigil ${version} for linux/${arch}" >&2
CGO_ENABLED=0 GOOS=linux GOARCH="${arch}" go build -trimpath \
  -ldflags "-s -w -X github.com/vigil-cspm/vigil/internal/cli.Version=${version}" \
  -o "${binary}" ./cmd/vigil

cd tools/image
echo "image: writing ${tag} into ${layout}" >&2
go run . build --binary "${binary}" --layout "${layout}" --tag "${tag}" \
  --version "${version}" --arch "${arch}" --source-date-epoch "${epoch}"
run=()
if [ "${arch}" = "$(go env GOHOSTARCH)" ]; then
  run=(--run)
fi
go run . check --layout "${layout}" "${run[@]}"
