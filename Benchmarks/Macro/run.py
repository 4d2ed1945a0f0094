#!/usr/bin/env python3
"""Macro benchmark: `sitegen build` against Hugo and a single-threaded C floor (cmark-gfm only), and
`sitegen check` alone, on generated help centers of 1,000, 10,000 and 50,000 articles.

For each size it generates the corpus (generate-corpus.py), converts it into a Hugo site (to-hugo.py), then runs
the tools alternately (sitegen, hugo, floor, check, sitegen, hugo, ...) so that all see the same machine load, with
a `sync` (not timed) before each run so that none pays for the previous one's disk writes, and
reports medians, min-max, ratios of medians, peak RSS (/usr/bin/time -v) and ms per article in one table.

Every timed build is a rebuild in the steady state: untimed warm-up runs first give each tool its previous output
(two for sitegen, whose previous tree is the one it reuses, kept beside the output folder; one for Hugo and the
floor). A separate column times sitegen into an empty output folder, as in CI on a fresh clone.
It installs what it needs when missing: hugo, gcc, libcmark-gfm-dev (Debian, as root) and the release binary.

Usage: Benchmarks/Macro/run.py [--sizes 1000,10000,50000] [--rounds 5] [--work /tmp/sitegen-macro]
"""
import argparse, os, re, shutil, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sh(command, **kwargs):
    return subprocess.run(command, shell=True, check=True, **kwargs)


def ensure_tools(work):
    missing = [package for command, package in [("hugo", "hugo"), ("cc", "gcc"), ("/usr/bin/time", "time")]
               if shutil.which(command) is None]
    if subprocess.run("pkg-config --exists libcmark-gfm", shell=True).returncode != 0:
        missing += ["libcmark-gfm-dev", "libcmark-gfm-extensions-dev", "pkg-config"]
    if missing:
        sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + " ".join(missing))
    floor = os.path.join(work, "floor")
    sh(f"cc -O2 -o {floor} {HERE}/floor.c $(pkg-config --cflags --libs libcmark-gfm) -lcmark-gfm-extensions")
    sh("swift build -c release --product sitegen", cwd=ROOT, stdout=subprocess.DEVNULL)
    return floor, os.path.join(ROOT, ".build", "release", "sitegen")


def timed(command, cwd=None):
    """Wall seconds and peak RSS in MB of a command (which must succeed)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", result.stderr).group(1)) for kind in ("User", "System"))
    return seconds, rss, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", default="/tmp/sitegen-macro")
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    floor, sitegen = ensure_tools(options.work)
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    rows = []
    # The empty-output-folder builds' trees are removed only after the last size: deleting hundreds of thousands of
    # files keeps this machine's disk busy for minutes afterwards (the file system discards the freed blocks), and
    # that would slow whatever runs next.
    all_fresh_folders = []
    for size in [int(value) for value in options.sizes.split(",")]:
        site = os.path.join(options.work, f"site-{size}")
        hugo_site = os.path.join(options.work, f"hugo-{size}")
        sh(f"python3 {HERE}/generate-corpus.py {size} {site}", stdout=subprocess.DEVNULL)
        sh(f"python3 {HERE}/to-hugo.py {site} {hugo_site}")
        tools = {
            # Each size has its own output folders: a previous, larger site would be cleaned up on the first runs.
            "sitegen build": lambda: timed([sitegen, "build", "-q", "-s", site, "-o", os.path.join(options.work, f"out-sitegen-{size}")]),
            "hugo": lambda: timed(["hugo", "--quiet", "-s", hugo_site, "-d", os.path.join(options.work, f"out-hugo-{size}")]),
            # The floor overwrites its previous output in place without truncating it first, as sitegen does
            # (creating every file anew, or truncating it to zero, costs ext4 much more).
            "C floor": lambda: timed([floor, os.path.join(site, "content"), os.path.join(options.work, f"out-floor-{size}")]),
            "sitegen check": lambda: timed([sitegen, "check", "-q", "-s", site]),
            # A repeated build finds its previous pages unchanged and leaves them as they are. This one rotates
            # the site URL (which every page's canonical link contains) among three values, so that every page
            # differs from the tree it overwrites (the build before last) and is written again, as after an edit
            # that touches every page.
            "sitegen build, every page changed": lambda: changed_build(),
            "sitegen build, empty output folder": lambda: fresh_build(),
        }
        rotation = [0]

        def changed_build():
            rotation[0] += 1
            return timed([sitegen, "build", "-q", "-s", site, "--site-url", f"https://help{rotation[0] % 3}.example.com",
                          "-o", os.path.join(options.work, f"out-sitegen-changed-{size}")])

        fresh_folders = []

        def fresh_build():
            # A new folder each round, removed only at the end: ext4 avoids reusing inodes deleted in the
            # last minute, and right after deleting the previous tree, creating as many files cost it several
            # times more (kernel time in `recently_deleted`), which a fresh clone in CI does not pay.
            folder = os.path.join(options.work, f"out-sitegen-fresh-{size}-{len(fresh_folders)}")
            fresh_folders.append(folder)
            return timed([sitegen, "build", "-q", "-s", site, "-o", folder])

        # Output folders are kept from run to run (each size has its own): the untimed warm-ups below bring any
        # of them, new or old, to the state every timed round starts from. Deleting them here would also make
        # the first builds into a new folder pay for ext4's recently deleted inodes.
        changed_build(), changed_build()  # untimed: from now on the build before last exists, with another URL
        # Untimed warm-ups, so that every timed round rebuilds over the tool's previous output.
        for name in ("sitegen build", "sitegen build", "hugo", "C floor"):
            tools[name]()
        samples = {name: [] for name in tools}
        for _ in range(options.rounds):
            for name, run in tools.items():
                # Untimed: write back what the previous tool wrote, so that no tool pays for another's disk writes
                # (on 2 cores the kernel's writeback competes with the next run for CPU).
                sh("sync")
                seconds, rss, cpu = run()
                samples[name].append((seconds, rss))
                # Every sample as it is taken, with its CPU time: a round whose wall time is far above its CPU
                # time waited for the disk or for a neighbour on this shared machine.
                print(f"  N={size} {name}: {seconds:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MB", file=sys.stderr)
        rows.append((size, samples))
        all_fresh_folders.extend(fresh_folders)
        print(f"N={size}: " + ", ".join(f"{name} {statistics.median(s for s, _ in values):.2f} s" for name, values in samples.items()),
              file=sys.stderr)
    for folder in all_fresh_folders:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(os.path.join(os.path.dirname(folder), f".{os.path.basename(folder)}.sitegen-previous"),
                      ignore_errors=True)
    print(f"\nMacro benchmark: {options.rounds} alternating rounds per size; Hugo {version}; median (min–max) wall time, peak RSS")
    print("| Articles | sitegen build | sitegen build, every page changed | sitegen build, empty output folder | Hugo | C floor (1 thread) | sitegen check | build / Hugo | changed / Hugo | build / floor | changed / floor | build ms per article | build RSS | Hugo RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, samples in rows:
        def cell(name):
            times = [s for s, _ in samples[name]]
            return f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"
        median = {name: statistics.median(s for s, _ in values) for name, values in samples.items()}
        rss = {name: max(r for _, r in values) for name, values in samples.items()}
        changed = "sitegen build, every page changed"
        fresh = "sitegen build, empty output folder"
        print(f"| {size:,} | {cell('sitegen build')} | {cell(changed)} | {cell(fresh)} | {cell('hugo')} | {cell('C floor')} | "
              f"{cell('sitegen check')} | {median['sitegen build'] / median['hugo']:.2f} | {median[changed] / median['hugo']:.2f} | "
              f"{median['sitegen build'] / median['C floor']:.2f} | {median[changed] / median['C floor']:.2f} | "
              f"{median['sitegen build'] * 1000 / size:.3f} | {rss['sitegen build']:.0f} MB | {rss['hugo']:.0f} MB |")


if __name__ == "__main__":
    main()
