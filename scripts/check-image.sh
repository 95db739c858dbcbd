#!/usr/bin/env bash
# Checks an image tarball that jib:buildTar wrote (OCI layout): each given path is in one of its
# layers, and its entrypoint runs the given main class as a non-root user.
#   scripts/check-image.sh <image.tar> <main class> <path in the image>...
set -euo pipefail
image="$1" main="$2"
shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"

listing="$work/listing"
for blob in "$work"/blobs/sha256/*; do
  if gzip -t "$blob" 2>/dev/null; then
    tar --warning=no-unknown-keyword -tzf "$blob" >> "$listing"
  fi
done
for path in "$@"; do
  if ! grep -qx "$path" "$listing"; then
    echo "check-image: $path is not in $image" >&2
    exit 1
  fi
done

config="$(grep -l '"Entrypoint"' "$work"/blobs/sha256/* | head -1)"
if ! grep -q "\"$main\"" "$config"; then
  echo "check-image: the entrypoint of $image does not run $main: $(cat "$config")" >&2
  exit 1
fi
if ! grep -q '"User":"65532:65532"' "$config"; then
  echo "check-image: $image does not run as user 65532" >&2
  exit 1
fi
echo "check-image: $image holds $# paths, runs $main as 65532 ($(du -h "$image" | cut -f1))"
