#!/usr/bin/env bash
# Builds the fault suite's application into DIR: the e2e application (app/build.sh) plus DIR/big.jar,
# faults.BigMain and BLOBS blobs of 4 MiB random (incompressible) bytes, /big/blob-N.bin, and
# DIR/big.sha256, the SHA-256 of all blobs in order (what every rank must print).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh DIR [BLOBS]}
blobs=${2:-16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/../app/build.sh" "$out"
mkdir -p "$tmp/classes/big"
javac -cp "$out/e2e.jar" -d "$tmp/classes" "$here"/src/faults/*.java
for ((i = 0; i < blobs; i++)); do head -c $((4 << 20)) /dev/urandom > "$tmp/classes/big/blob-$i.bin"; done
for ((i = 0; i < blobs; i++)); do cat "$tmp/classes/big/blob-$i.bin"; done | sha256sum | cut -d' ' -f1 > "$out/big.sha256"
# Stored, not deflated: random bytes do not compress, and the jar is written faster.
jar --create --no-compress --file "$out/big.jar" -C "$tmp/classes" .
