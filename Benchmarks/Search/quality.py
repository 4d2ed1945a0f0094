#!/usr/bin/env python3
"""Search quality on a built site (issue 24): for N articles picked at random (seeded), a query made of 2-3
distinctive words of the title, and the same query with one typo; the score is the share of queries that put the
article in the top 5. Queries run through the theme's search.js in Node (Tests/Browser/search-node.js), which the
agreement tests hold equal to `sitegen search`.

Usage: quality.py SITE_OUTPUT_INDEX_FOLDER [--count 200] [--seed 1] [--queries out.json] [--misses]
  e.g. quality.py /tmp/corpus17/how-to/how-to/assets/search/
Prints the scores; --queries writes the query set (with each expected URL) as JSON; --misses lists each query whose
article is not in the top 5, with the top 5 it got.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Words that say nothing of an article's subject in a help center's titles.
STOP = set("""a an and are as at be by can do for from get how i in into is it my of on or the this to use using
vs what when where which who why with your you""".split())


def title_words(title):
    return [w for w in re.findall(r"[^\W_]+", title.lower()) if len(w) >= 2]


def query_for(title, rng):
    words = [w for w in title_words(title) if w not in STOP]
    if len(words) < 2:
        return None
    # The rarest-looking words: the longest ones, kept in title order.
    count = 3 if len(words) >= 3 else 2
    chosen = sorted(sorted(range(len(words)), key=lambda i: -len(words[i]))[:count])
    return [words[i] for i in chosen]


def typo(words, rng, anywhere):
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return None
    i = rng.choice(candidates)
    w = words[i]
    start = 0 if anywhere else 2
    p = rng.randrange(start, len(w) - 1)
    kind = rng.choice(["swap", "delete", "insert", "replace"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if kind == "swap":
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    elif kind == "delete":
        w = w[:p] + w[p + 1:]
    elif kind == "insert":
        w = w[:p] + rng.choice(letters) + w[p:]
    else:
        w = w[:p] + rng.choice([c for c in letters if c != w[p]]) + w[p + 1:]
    return words[:i] + [w] + words[i + 1:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("index")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    docs = []
    for path in sorted(glob.glob(os.path.join(args.index, "d", "*.json"))):
        for doc in json.load(open(path)):
            if doc:
                docs.append((doc[0], doc[1]))
    rng = random.Random(args.seed)
    rng.shuffle(docs)
    items = []
    for url, title in docs:
        words = query_for(title, rng)
        if not words:
            continue
        items.append({"url": url, "title": title, "query": " ".join(words),
                      "typo": " ".join(typo(words, rng, False) or words),
                      "typo_anywhere": " ".join(typo(words, rng, True) or words)})
        if len(items) == args.count:
            break
    queries = []
    for item in items:
        for kind in ("query", "typo", "typo_anywhere"):
            queries.append({"query": item[kind], "product": ""})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(queries, handle)
    run = subprocess.run(["node", os.path.join(ROOT, "Tests/Browser/search-node.js"),
                          os.path.join(ROOT, "Sources/SitegenTheme/DefaultTheme/search.js"), args.index, handle.name],
                         capture_output=True, text=True, check=True)
    results = json.loads(run.stdout)
    scores = {}
    for kind in ("query", "typo", "typo_anywhere"):
        hits = sum(1 for item in items
                   if item["url"] in [u.split("#")[0] for u in results[item[kind] + "|"][:5]])
        scores[kind] = (hits, len(items))
        print(f"{kind:14} top-5: {hits}/{len(items)} = {100.0 * hits / len(items):.1f}%")
        if args.misses:
            for item in items:
                top = [u.split("#")[0] for u in results[item[kind] + "|"][:5]]
                if item["url"] not in top:
                    print(f"  missed {item[kind]!r} for {item['url']}: {top}")
    if args.queries:
        json.dump(items, open(args.queries, "w"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
