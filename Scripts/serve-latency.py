#!/usr/bin/env python3
"""Edit-to-reload latency of `sitegen serve`, incremental rebuilds against full rebuilds, measured side by side.

Starts two preview servers on copies of a site (one with --full-rebuilds), connects to each one's event stream
like a browser, and edits an article N times on each, alternating (A B A B ...) so that both see the same machine
load. Each sample is the time from the edit on disk (written atomically: temporary file + rename, as editors do)
to the `reload` event; after each event the page is fetched and must contain the edit.

Usage: Scripts/serve-latency.py [--site ../shared/corpus/how-to-2017] [--binary .build/release/sitegen]
                                [--edits 20] [--article content/rackspace-email/cannot-connect-to-email.md]
                                [--page cannot-connect-to-email/] [--modes incremental,full]

`--modes incremental` measures the incremental server alone (a full rebuild of 50,000 articles takes seconds a
sample). The site is copied once per mode; a large one (a replicated corpus) takes a while to copy.
"""
import argparse, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time


def start(binary, site, full):
    args = [binary, "serve", "-s", site, "--port", "0"] + (["--full-rebuilds"] if full else [])
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"serving http://127\.0\.0\.1:(\d+)(\S*)", line)
        if match:
            return process, int(match.group(1)), match.group(2)
        if not line and process.poll() is not None:
            break
    sys.exit("the server did not start")


def events(port):
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall(b"GET /_sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return connection, connection.makefile("rb")


def next_event(stream):
    while True:
        line = stream.readline()
        if not line:
            raise RuntimeError("event stream closed")
        if line.startswith(b"event: "):
            return line[7:].strip().decode()


def get(port, path):
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    connection.close()
    return data.decode("utf-8", "replace")


def edit(path, number):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    text = re.sub(r"\n<!-- latency edit \d+ -->\nLatency edit \d+\.\n$", "\n", text)
    text = text.rstrip("\n") + f"\n<!-- latency edit {number} -->\nLatency edit {number}.\n"
    temporary = path + ".tmp-edit"
    with open(temporary, "w", encoding="utf-8") as target:
        target.write(text)
    started = time.perf_counter()
    os.replace(temporary, path)
    return started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="../shared/corpus/how-to-2017")
    parser.add_argument("--binary", default=".build/release/sitegen")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--article", default="content/rackspace-email/cannot-connect-to-email.md")
    parser.add_argument("--page", default="cannot-connect-to-email/")
    parser.add_argument("--modes", default="incremental,full")
    options = parser.parse_args()
    modes = [mode for mode in options.modes.split(",") if mode]
    work = tempfile.mkdtemp(prefix="sitegen-latency-")
    servers = {}
    try:
        for mode in modes:
            copy = os.path.join(work, mode)
            shutil.copytree(options.site, copy, ignore=shutil.ignore_patterns("public", ".public.*"))
            process, port, base = start(os.path.abspath(options.binary), copy, mode == "full")
            connection, stream = events(port)
            assert next_event(stream) == "hello"
            servers[mode] = dict(process=process, port=port, base=base, stream=stream, connection=connection,
                                 article=os.path.join(copy, options.article), samples=[])
        for number in range(1, options.edits + 1):
            for mode in modes:
                server = servers[mode]
                started = edit(server["article"], number)
                name = next_event(server["stream"])
                elapsed = time.perf_counter() - started
                page = get(server["port"], server["base"] + options.page)
                if name != "reload" or f"Latency edit {number}." not in page:
                    sys.exit(f"{mode}: edit {number} was not served after the '{name}' event")
                server["samples"].append(elapsed * 1000)
                time.sleep(0.3)
        print(f"edit-to-reload latency, {options.edits} edits of {options.article} in {options.site} (ms)")
        print(f"{'mode':<12} {'median':>8} {'min':>8} {'worst':>8}")
        for mode in modes:
            samples = servers[mode]["samples"]
            print(f"{mode:<12} {statistics.median(samples):8.1f} {min(samples):8.1f} {max(samples):8.1f}")
        if len(modes) == 2:
            ratio = statistics.median(servers[modes[0]]["samples"]) / statistics.median(servers[modes[1]]["samples"])
            print(f"{modes[0]} / {modes[1]} (medians): {ratio:.2f}")
    finally:
        for server in servers.values():
            server["process"].send_signal(signal.SIGINT)
            try:
                server["process"].wait(timeout=10)
            except subprocess.TimeoutExpired:
                server["process"].kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
