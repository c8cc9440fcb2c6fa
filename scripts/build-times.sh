#!/usr/bin/env bash
# Compile time of the datacloud crate per feature set, in the dev profile, when it generates
# its clients from the specs (the `regenerate` feature, added to F): dependencies prebuilt and
# the crate cold, then after a one-line change to the spec (its info title). The spec is
# restored afterwards, also on failure.
#
# Usage: scripts/build-times.sh astra_devops stargate astra_devops,stargate astro aiven instaclustr
#
# With --empty, the time of a new user's first build instead: a crate that depends on this one
# with features F, built from an empty target directory (every dependency compiled, with the
# user's default profiles, in a temporary directory removed afterwards). It compiles the
# committed clients, as a user's build does, so the generator is not built:
#
#   scripts/build-times.sh --empty instaclustr
#
# With --progenitor, one API's client against bare progenitor's on the same spec: the
# datacloud crate with only that feature (the committed client, as users compile it, with
# the build script that checks it is current) and the crate `cargo progenitor` generates
# (also generated beforehand), each cold with its dependencies prebuilt (datacloud-runtime
# for ours, progenitor-client for theirs), with the same debug info. cargo-progenitor (the version below) is installed into
# target/tools the first time.
#
#   scripts/build-times.sh --progenitor astra_devops
#
# The two are built alternately RUNS times (environment, default 5) and their medians are
# compared.
#
# Every time is wall and CPU (the build's processes): unlike the wall time, the CPU time is
# comparable between runs on a busy machine.
set -eu
cd "$(dirname "$0")/.."
PROGENITOR_VERSION=0.15.1
case ${RUNS:-5} in
  *[!0-9]*) echo "RUNS must be a whole number of runs, at least 1 (it is '${RUNS}')" >&2; exit 2 ;;
esac
RUNS=$((10#${RUNS:-5})) # 08 is eight runs, not an octal error
if [ "$RUNS" -lt 1 ]; then
  echo "RUNS must be a whole number of runs, at least 1 (it is 0)" >&2
  exit 2
fi

spec_of() {
  case $1 in
    astra_devops) echo specs/astra-devops.yaml ;;
    astro) echo specs/astro-platform.yaml ;;
    *) echo "specs/$1.yaml" ;;
  esac
}

# Make one package cold in a target dir (its own artifacts and incremental state, not its
# dependencies'): cold TARGET_DIR PACKAGE. `cargo clean -p` also deleted a dependency's
# metadata (tracing's, here), which added reqwest's recompilation to the measured time.
cold() {
  find "$1/debug" -maxdepth 2 -regextype posix-extended \( \
    -regex ".*/(lib)?$2-[0-9a-f]{16}(\.[a-z]+)?" -o \
    -regex ".*/incremental/($2|build_script_build)-[0-9a-z]+" \) -exec rm -rf {} +
}

# Run a command; set WALL and CPU to its wall and CPU seconds (CPU: the growth of this shell's
# waited-for children's time, /proc fields 16 and 17, in clock ticks).
timed() {
  local before after s e
  read -r -a before < /proc/$$/stat
  s=$(date +%s.%N)
  "$@"
  e=$(date +%s.%N)
  read -r -a after < /proc/$$/stat
  WALL=$(awk "BEGIN {print $e - $s}")
  CPU=$(awk "BEGIN {print ($((after[15] + after[16] - before[15] - before[16]))) / $(getconf CLK_TCK)}")
}

# The median of the numbers given.
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

if [ "${1:-}" = "--empty" ]; then
  shift
  for f in "$@"; do
    # A user's crate that depends on this one: it builds with its own (default) profiles,
    # not with this workspace's, and compiles every dependency into its empty target dir.
    dir=$(mktemp -d)
    mkdir "$dir/src"
    echo 'fn main() {}' > "$dir/src/main.rs"
    features=$(printf '"%s",' ${f//,/ })
    printf '[package]\nname = "first-build"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\ndatacloud = { path = "%s", features = [%s] }\n\n[workspace]\n' \
      "$PWD" "${features%,}" > "$dir/Cargo.toml"
    cp Cargo.lock "$dir/" # the versions this repository tests with
    timed cargo build -q --manifest-path "$dir/Cargo.toml"
    rm -rf "$dir"
    printf "%-24s a user's first build, empty target dir %6.1fs (CPU %.1fs)\n" "$f" "$WALL" "$CPU"
  done
  exit 0
fi

if [ "${1:-}" = "--progenitor" ]; then
  shift
  # This version, whatever another on the PATH is.
  if [ ! -x target/tools/bin/cargo-progenitor ]; then
    cargo install -q --locked cargo-progenitor --version "$PROGENITOR_VERSION" --root target/tools
  fi
  PATH="$PWD/target/tools/bin:$PATH"
  for f in "$@"; do
    dir=target/progenitor/$f
    rm -rf "$dir"
    cargo progenitor -i "$(spec_of "$f")" -o "$dir" -n "${f}_progenitor" -v 0.1.0 >/dev/null
    printf '\n[workspace]\n' >> "$dir/Cargo.toml" # its own workspace, not a member of ours
    theirs=(--manifest-path "$dir/Cargo.toml" --target-dir target/progenitor/target
      --config profile.dev.debug=\"line-tables-only\") # as [profile.dev] sets it for datacloud
    cargo build -q --features "$f"
    cargo build -q "${theirs[@]}"
    # The two sides alternate, RUNS times (default 5), and the medians are compared: on a
    # shared machine one pair of builds can be 30 % apart from the next.
    ours_w=() ours_c=() theirs_w=() theirs_c=()
    for _ in $(seq "${RUNS:-5}"); do
      cold target datacloud
      timed cargo build -q --features "$f"
      ours_w+=("$WALL") ours_c+=("$CPU")
      cold target/progenitor/target "${f}_progenitor"
      timed cargo build -q "${theirs[@]}"
      theirs_w+=("$WALL") theirs_c+=("$CPU")
    done
    ow=$(median "${ours_w[@]}") oc=$(median "${ours_c[@]}")
    tw=$(median "${theirs_w[@]}") tc=$(median "${theirs_c[@]}")
    printf "%-14s datacloud %5.1fs (CPU %.1fs)  progenitor %s %5.1fs (CPU %.1fs)  %.2fx (CPU %.2fx), medians of %s\n" \
      "$f" "$ow" "$oc" "$PROGENITOR_VERSION" "$tw" "$tc" \
      "$(awk "BEGIN {print $ow / $tw}")" "$(awk "BEGIN {print $oc / $tc}")" "${RUNS:-5}"
    printf "  datacloud walls: %s\n  progenitor walls: %s\n" "${ours_w[*]}" "${theirs_w[*]}"
  done
  exit 0
fi

backup=$(mktemp)
for f in "$@"; do
  spec=$(spec_of "${f%%,*}")
  f="$f,regenerate"
  cargo build -q --features "$f"
  cold target datacloud
  timed cargo build -q --features "$f"
  cold=$WALL cold_cpu=$CPU
  cp "$spec" "$backup"
  trap 'cp "$backup" "$spec"' EXIT
  sed -i '0,/^  title: /s/^  title: \(.*\)$/  title: \1 edited/' "$spec"
  if cmp -s "$spec" "$backup"; then echo "could not edit $spec" >&2; exit 1; fi
  timed cargo build -q --features "$f"
  cp "$backup" "$spec"
  trap - EXIT
  cargo build -q --features "$f"
  printf "%-24s cold %6.1fs (CPU %.1fs)  after a one-line spec change %6.1fs (CPU %.1fs)\n" \
    "$f" "$cold" "$cold_cpu" "$WALL" "$CPU"
done
rm -f "$backup"
