#!/usr/bin/env bash
# Installs jtop's run-time packages, builds target/jtop.jar and puts the launcher on PATH.
# Safe to run again: apt-get skips what is installed, the build is redone, the link is replaced.
set -euo pipefail

say() { printf 'install.sh: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  say "must run as root (try: sudo $0)" >&2
  exit 1
fi

here=$(dirname "$(readlink -f "$0")")
repo=$(dirname "$here")
if [ ! -f "$repo/pom.xml" ]; then
  say "no pom.xml in $repo; run this script from a jtop checkout" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
say "updating package lists"
apt-get update -qq
say "installing JDK 17, Maven, runc, conmon, busybox-static, util-linux"
apt-get install -y -qq --no-install-recommends \
  openjdk-17-jdk-headless maven runc conmon busybox-static util-linux >/dev/null

say "building $repo/target/jtop.jar"
(cd "$repo" && mvn -B -q -DskipTests package)

# A class-data archive of the classes a run loads makes every start faster (AppCDS, JDK >= 13).
say "writing the start-up archive $repo/target/jtop.jsa"
rm -f "$repo/target/jtop.jsa"
# The training run draws the full-screen UI in a virtual terminal for a few seconds and runs 'ps'.
JTOP_JAVA_OPTS="-XX:ArchiveClassesAtExit=$repo/target/jtop.jsa" "$here/jtop" --rehearse >/dev/null 2>&1 \
  || say "could not write the start-up archive; jtop works without it, only starts slower"

chmod 0755 "$here/jtop"
ln -sfn "$here/jtop" /usr/local/bin/jtop
say "done: /usr/local/bin/jtop -> $here/jtop"
