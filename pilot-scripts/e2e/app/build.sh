#!/usr/bin/env bash
# Builds the e2e application into DIR: DIR/e2e.jar, DIR/plugin.jar, DIR/lib/libe2egreet.so and
# DIR/lib/libe2ehelper.so.1 (libe2egreet's DT_NEEDED; found through RUNPATH $ORIGIN when run plainly).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/lib" "$tmp/classes" "$tmp/plugin/META-INF/services"
javac -d "$tmp/classes" "$here"/src/e2e/*.java
echo "message from the e2e jar" > "$tmp/classes/e2e/message.txt"
jar --create --file "$out/e2e.jar" -C "$tmp/classes" .
javac -cp "$tmp/classes" -d "$tmp/plugin" "$here"/plugin/src/e2e/plugin/*.java
echo "e2e.plugin.FirstPlugin" > "$tmp/plugin/META-INF/services/e2e.Plugin"
jar --create --file "$out/plugin.jar" -C "$tmp/plugin" .
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
gcc -shared -fPIC -Wl,-soname,libe2ehelper.so.1 -o "$out/lib/libe2ehelper.so.1" "$here/native/e2ehelper.c"
# shellcheck disable=SC2016  # $ORIGIN is the dynamic linker's, not the shell's
gcc -shared -fPIC -I"$java_home/include" -I"$java_home/include/linux" -o "$out/lib/libe2egreet.so" \
  "$here/native/e2egreet.c" -L"$out/lib" -l:libe2ehelper.so.1 -Wl,-rpath,'$ORIGIN'
