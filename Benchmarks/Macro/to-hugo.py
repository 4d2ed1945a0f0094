#!/usr/bin/env python3
"""Turns a help center into a Hugo site with a minimal theme of comparable work: one page per article with its
title, product, dates and body at the article's own URL, images as static files, and nothing else (no taxonomies,
no lists beyond Hugo's required home page and section pages, no sitemap or RSS).

Two kinds of source:
- A generated help center (generate-corpus.py, with `sitegen.yml`): `content/<product>/*.md` except the landing
  pages, `permalink: x/` becoming `url: /how-to/x/`, and each product's `images/` folder.
- A Jekyll-era one (`_config.yml` and no `sitegen.yml`: the 2017 corpus or generate-corpus.py --from): the content
  folder of `source:` with the same file paths, except landing pages and the home page (`index.md`), files without
  front matter and files that aren't Markdown. The URL is the baseurl plus the permalink (its leading `/` dropped,
  a trailing `/` added unless it ends in `.html`), or plus the slug of the file name when there is no permalink,
  as sitegen does. Liquid, which Hugo doesn't read, is expanded first: `{% asset_path x %}` becomes
  `<baseurl>assets/x` (the `assets.sources` folders, `_assets/img` by default, are copied to
  `static/<baseurl>assets/`); `{% include x %}` becomes the include file's content when it is HTML without Liquid,
  otherwise nothing; any other `{% ... %}` and `{{ ... }}` is removed. Other content files become static files at
  `<baseurl><path>`.

Usage: to-hugo.py HELP_CENTER_FOLDER HUGO_SITE_FOLDER
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


def jekyll_setting(config, key, default):
    match = re.search(rf"^{key}[ \t]*:[ \t]*(.*?)[ \t]*$", config, re.M)
    return (match.group(1).strip("'\"") if match else "") or default


def url_slug(name):
    """URL slug of a file name, as sitegen's: ASCII letters, digits, `_` and `.`; other runs become `-`."""
    result, pending = [], False
    for character in name.lower():
        if character.isascii() and (character.isalnum() or character in "_."):
            if pending and result:
                result.append("-")
            pending = False
            result.append(character)
        else:
            pending = True
    return "".join(result) or "page"


def convert_jekyll():
    config = open(os.path.join(source, "_config.yml"), encoding="utf-8", errors="replace").read()
    content = os.path.normpath(os.path.join(source, jekyll_setting(config, "source", ".")))
    baseurl = "/" + jekyll_setting(config, "baseurl", "/").strip("/") + "/"
    baseurl = baseurl.replace("//", "/")
    static = os.path.join(target, "static", baseurl.strip("/"))
    # assets: sources: - folder, ... (jekyll-assets); _assets/img when absent.
    block = re.search(r"^assets[ \t]*:[ \t]*\n((?:[ \t]+.*\n?|\n)*)", config, re.M)
    folders = re.findall(r"^[ \t]+-[ \t]*['\"]?([^'\"\n]+?)['\"]?[ \t]*$", block.group(1), re.M) if block else []
    for folder in folders or ["_assets/img"]:
        if os.path.isdir(os.path.join(source, folder)):
            shutil.copytree(os.path.join(source, folder), os.path.join(static, "assets"), dirs_exist_ok=True,
                            copy_function=shutil.copyfile)
    includes_dir = os.path.join(source, jekyll_setting(config, "includes_dir", "_includes"))
    includes = {}

    def include(name):
        if name not in includes:
            path = os.path.join(includes_dir, name)
            text = ""
            if name.lower().endswith((".html", ".htm")) and os.path.isfile(path):
                text = open(path, encoding="utf-8", errors="replace").read()
                if "{%" in text or "{{" in text:
                    text = ""
            includes[name] = text
        return includes[name]

    def liquid(match):
        if match.group("asset") is not None:
            return baseurl + "assets/" + match.group("asset")
        if match.group("include") is not None:
            return include(match.group("include"))
        return ""

    tags = re.compile(r"\{%-?\s*asset_path\s+(?P<asset>[^\s%]+)\s*-?%\}|\{%-?\s*include\s+(?P<include>[^\s%]+)[^%]*%\}"
                      r"|\{%.*?%\}|\{\{.*?\}\}", re.S)
    fence = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(?<=\n)((?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S)
    permalink = re.compile(r"^permalink[ \t]*:[ \t]*(.*?)[ \t]*(\r?)$", re.M)
    for folder, subfolders, names in os.walk(content):
        subfolders.sort()
        if os.path.samefile(folder, source):
            subfolders[:] = [name for name in subfolders if not name.startswith(("_", "."))]
        relative = os.path.relpath(folder, content)
        for name in sorted(names):
            path = os.path.join(folder, name)
            if not name.lower().endswith((".md", ".markdown")):
                if "." in name and not name.startswith((".", "_")):  # an image or other file: served as it is
                    os.makedirs(os.path.join(static, relative), exist_ok=True)
                    shutil.copyfile(path, os.path.join(static, relative, name))
                continue
            if name.lower() in ("index.md", "index.markdown"):
                continue
            text = open(path, encoding="utf-8", errors="replace", newline="").read()
            front = fence.match(text)
            if not front:
                continue
            yaml = front.group(2)
            values = [value.strip("'\"") for value, _ in permalink.findall(yaml)]
            if values and values[-1] not in ("", "~", "null"):
                url = values[-1].lstrip("/")
                if url and not url.endswith("/") and not url.lower().endswith(".html"):
                    url += "/"
            else:
                url = url_slug(os.path.splitext(name)[0]) + "/"
            newline = "\r\n" if front.group(1).endswith("\r\n") else "\n"
            # Hugo reads the same YAML front matter; the URL comes from the permalink, as on the sitegen site.
            yaml = "".join(line for line in yaml.splitlines(True) if not permalink.match(line))
            yaml = f"url: {baseurl}{url}{newline}" + yaml
            body = tags.sub(liquid, text[front.end():])
            os.makedirs(os.path.join(target, "content", relative), exist_ok=True)
            with open(os.path.join(target, "content", relative, name), "w", encoding="utf-8", newline="") as out:
                out.write(front.group(1) + yaml + front.group(3) + body)


if os.path.exists(os.path.join(source, "_config.yml")) and not os.path.exists(os.path.join(source, "sitegen.yml")):
    convert_jekyll()
    sys.exit(0)

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
