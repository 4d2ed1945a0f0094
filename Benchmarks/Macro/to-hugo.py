#!/usr/bin/env python3
"""Turns a generated help center (generate-corpus.py) into a Hugo site with a minimal theme of comparable work:
one page per article with its title, product, dates and body at the article's own URL, product images as static
files, and nothing else (no taxonomies, no lists beyond Hugo's required home page, no sitemap or RSS).

Usage: to-hugo.py GENERATED_FOLDER HUGO_SITE_FOLDER
"""
import os, re, shutil, sys

source, target = sys.argv[1], sys.argv[2]
if os.path.exists(target):
    shutil.rmtree(target)
os.makedirs(os.path.join(target, "layouts", "_default"))
with open(os.path.join(target, "hugo.toml"), "w") as config:
    config.write('baseURL = "https://help.example.com/"\ntitle = "Generated Help Center"\n'
                 'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                 '[markup.goldmark.renderer]\nunsafe = true\n')
with open(os.path.join(target, "layouts", "_default", "single.html"), "w") as layout:
    layout.write('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
                 '<body><main><h1>{{ .Title }}</h1>\n<p>{{ .Params.product }} · created {{ .Params.created_date }}'
                 ' · last modified {{ .Params.last_modified_date }}</p>\n{{ .Content }}\n</main></body></html>\n')
with open(os.path.join(target, "layouts", "_default", "list.html"), "w") as layout:
    layout.write('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                 '<body><h1>{{ .Title }}</h1></body></html>\n')
content = os.path.join(source, "content")
for product in sorted(os.listdir(content)):
    folder = os.path.join(content, product)
    os.makedirs(os.path.join(target, "content", product), exist_ok=True)
    images = os.path.join(folder, "images")
    if os.path.isdir(images):
        shutil.copytree(images, os.path.join(target, "static", "how-to", product, "images"))
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md") or name == "index.md":
            continue
        with open(os.path.join(folder, name)) as article:
            text = article.read()
        # Hugo reads the same YAML front matter; the URL comes from the permalink, as on the sitegen site.
        text = re.sub(r"^permalink: (.*)$", r"url: /how-to/\1", text, count=1, flags=re.M)
        with open(os.path.join(target, "content", product, name), "w") as out:
            out.write(text)
