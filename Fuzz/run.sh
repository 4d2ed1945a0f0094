#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer) and runs each for SECONDS (default 30) from its committed
# seeds in Seeds/<target>/. Usage: Fuzz/run.sh [seconds] [target...]   (targets: the Fuzz* names; default all)
# `Fuzz/run.sh 0` only builds them (to reproduce an input: Fuzz/.build/debug/<target> <file>).
#
# A crash, a failed check, an input that takes over 1 s, more than 2 GB of memory or a leak stops that target and
# leaves the input in .fuzz/artifacts/<target>/; the script runs the other targets and then exits 1. New inputs
# that reach new code go to .fuzz/corpus/<target>/ (not committed), so a later run starts where this one stopped.
# Where the toolchain has no libFuzzer runtime (Xcode's, for one) it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-30}
shift || true
all=(FuzzFrontMatter FuzzMarkdown FuzzLiquid FuzzConfig FuzzPreviewPath FuzzHighlight)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# Builds on a shared machine wait for each other on this lock (flock is not everywhere: macOS has none).
lock=${SWIFT_BUILD_LOCK:-/tmp/swift-build.lock}
locked() { if command -v flock >/dev/null 2>&1; then flock "$lock" "$@"; else "$@"; fi; }

flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

mkdir -p .fuzz
probe=.fuzz/probe
printf '@_cdecl("LLVMFuzzerTestOneInput") public func probe(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { 0 }\n' > "$probe.swift"
if ! locked swiftc -sanitize=fuzzer,address -parse-as-library "$probe.swift" -o "$probe" >"$probe.log" 2>&1; then
    echo "Fuzz/run.sh: skipped: this Swift toolchain cannot link with -sanitize=fuzzer,address (no libFuzzer runtime):"
    sed 's/^/  /' "$probe.log" | grep -v "Cannot export local symbol" | head -5
    exit 0
fi

echo "Building the fuzz targets with ASan and libFuzzer"
# ld.gold warns about ASan's local symbols on every link: left out, and a failed build stops the run.
set +e
locked swift build "${flags[@]}" > .fuzz/build.log 2>&1
built=$?
set -e
grep -v "Cannot export local symbol" .fuzz/build.log | tail -40
if [ "$built" != 0 ]; then echo "Fuzz/run.sh: the fuzz targets did not build (above)" >&2; exit 1; fi
bin=$(swift build "${flags[@]}" --show-bin-path)
if [ "$seconds" = 0 ]; then echo "Built the fuzz targets in $bin"; exit 0; fi

# Longest input per target: long enough for the shapes that were slow (issue 21), short enough to run fast.
max_len() {
    case $1 in
        FuzzPreviewPath) echo 1024 ;;
        FuzzConfig) echo 4096 ;;
        *) echo 16384 ;;
    esac
}
dictionary() {
    case $1 in
        FuzzMarkdown) echo Dictionaries/markdown.dict ;;
        FuzzLiquid) echo Dictionaries/liquid.dict ;;
        FuzzPreviewPath) echo Dictionaries/path.dict ;;
        FuzzHighlight) echo Dictionaries/highlight.dict ;;
        *) echo Dictionaries/yaml.dict ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Swift's own crash reporter and ASan's both handle the signals; with both, a failed check is reported twice.
export SWIFT_BACKTRACE=enable=no
# FUZZ_KEEP_GOING=1 (for long runs): keep fuzzing after a finding, in libFuzzer's fork mode, saving each input.
keep_going=()
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
failed=()
summary=()
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "Fuzz/run.sh: no fuzz target named $target (${all[*]})"; exit 2; }
    corpus=.fuzz/corpus/$target artifacts=.fuzz/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    log=.fuzz/$target.log
    echo "== $target: $seconds s"
    start=$(date +%s)
    touch ".fuzz/$target.start"
    status=0
    # CPU time (user + system) of the run, from the shell's `time`.
    TIMEFORMAT='%U %S'
    { time { "$bin/$target" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -detect_leaks=1 \
        -max_len="$(max_len "$target")" -dict="$(dictionary "$target")" -artifact_prefix="$artifacts/" \
        -print_final_stats=1 ${keep_going[@]+"${keep_going[@]}"} "$corpus" "Seeds/$target" >"$log" 2>&1 || status=$?; }; } 2>".fuzz/$target.time"
    cpu=$(awk '{printf "%.0f", $1 + $2}' ".fuzz/$target.time")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    # Fork mode prints no final stats: the last progress line (`#123 ...`) has the count.
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    wall=$(( $(date +%s) - start ))
    line="$target: ${runs:-?} inputs, $cpu s CPU, $wall s"
    found=$(find "$artifacts" -type f -newer ".fuzz/$target.start" | wc -l)
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        failed+=("$target")
        line="$line: FOUND A PROBLEM (exit $status, $found new inputs in $artifacts/)"
        grep -E "ERROR: libFuzzer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|fuzz check failed|Fatal error|SUMMARY" "$log" | head -5 || true
        grep -E "Test unit written to|^INFO: log from the inner process" "$log" | tail -3 || true
    fi
    summary+=("$line")
done
echo "== Summary"
printf '%s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ] || { echo "Fuzz/run.sh: problems found by ${failed[*]}; see .fuzz/*.log"; exit 1; }
