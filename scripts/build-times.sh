#!/usr/bin/env bash
# Compile time of the datacloud crate per feature set, in the dev profile: dependencies
# prebuilt and the crate cold, then after a one-line change to the spec (its info title).
# The spec is restored afterwards, also on failure.
#
# Usage: scripts/build-times.sh astra_devops stargate astra_devops,stargate astro aiven instaclustr
#
# With --empty, the time of `cargo build --features F` from an empty target directory instead
# (every dependency compiled, in a temporary directory removed afterwards), as a new user's
# first build sees it:
#
#   scripts/build-times.sh --empty instaclustr
set -eu
cd "$(dirname "$0")/.."
now() { date +%s.%N; }
if [ "${1:-}" = "--empty" ]; then
  shift
  for f in "$@"; do
    dir=$(mktemp -d)
    # CPU time of the build's processes (this shell's waited-for children, in clock ticks):
    # unlike the wall time, comparable between runs on a busy machine.
    c0=$(awk '{print $16 + $17}' /proc/$$/stat)
    s=$(now); CARGO_TARGET_DIR="$dir" cargo build -q --features "$f"; e=$(now)
    cpu=$(( $(awk '{print $16 + $17}' /proc/$$/stat) - c0 ))
    rm -rf "$dir"
    printf "%-24s from an empty target dir %6.1fs (CPU %.1fs)\n" "$f" "$(awk "BEGIN {print $e - $s}")" \
      "$(awk "BEGIN {print $cpu / $(getconf CLK_TCK)}")"
  done
  exit 0
fi
backup=$(mktemp)
for f in "$@"; do
  first=${f%%,*}
  case $first in
    astra_devops) spec=specs/astra-devops.yaml ;;
    astro) spec=specs/astro-platform.yaml ;;
    *) spec=specs/$first.yaml ;;
  esac
  cargo build -q --features "$f"
  cargo clean -q -p datacloud
  c0=$(awk '{print $16 + $17}' /proc/$$/stat)
  s=$(now); cargo build -q --features "$f"; e=$(now)
  cold=$(awk "BEGIN {print $e - $s}")
  cold_cpu=$(awk "BEGIN {print ($(awk '{print $16 + $17}' /proc/$$/stat) - $c0) / $(getconf CLK_TCK)}")
  cp "$spec" "$backup"
  trap 'cp "$backup" "$spec"' EXIT
  sed -i '0,/^  title: /s/^  title: \(.*\)$/  title: \1 edited/' "$spec"
  if cmp -s "$spec" "$backup"; then echo "could not edit $spec" >&2; exit 1; fi
  s=$(now); cargo build -q --features "$f"; e=$(now)
  edit=$(awk "BEGIN {print $e - $s}")
  cp "$backup" "$spec"
  trap - EXIT
  cargo build -q --features "$f"
  printf "%-24s cold %6.1fs (CPU %.1fs)  after a one-line spec change %6.1fs\n" "$f" "$cold" \
    "$cold_cpu" "$edit"
done
rm -f "$backup"
