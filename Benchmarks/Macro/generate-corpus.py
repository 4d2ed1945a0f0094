#!/usr/bin/env python3
"""Writes a deterministic, realistic help center of N articles for benchmarks and scaling tests.

Each article has front matter in the help-center schema (the keys and order of the reference article), and a body
of a few KB: an intro, headings, a prerequisites list, numbered steps, a table, a code block, 5 to 10 links to other
generated articles (some with #fragments of their headings), one or two images of its product, and a few external
links. Products get a landing page (index.md) and a few images. The same N and seed always give the same files.

Usage: generate-corpus.py N OUTPUT_FOLDER [--seed 1]
"""
import argparse, os, random, shutil

WORDS = ("account server mailbox domain record backup volume network image snapshot instance database user "
         "password portal setting policy region zone cluster node storage container key certificate alias "
         "quota schedule report agent firewall route gateway load balancer monitor alert template").split()
VERBS = "create delete configure update migrate restore verify enable disable reset connect monitor".split()
SENTENCES = [
    "Use the following steps to {verb} the {a} for your {b}.",
    "The {a} must be ready before you {verb} the {b}.",
    "If the {a} does not respond, check the {b} settings in the control panel.",
    "Changes to the {a} can take up to 15 minutes to reach every {b}.",
    "You can {verb} a {a} from the command line or from the portal.",
    "Each {b} keeps its own {a}, so review both before you continue.",
]


def sentence(rng):
    return rng.choice(SENTENCES).format(verb=rng.choice(VERBS), a=rng.choice(WORDS), b=rng.choice(WORDS))


def paragraph(rng, count):
    return " ".join(sentence(rng) for _ in range(count))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    count = options.count
    products = [f"product-{index:03d}" for index in range(min(60, max(5, count // 200)))]
    if os.path.exists(options.output):
        shutil.rmtree(options.output)
    content = os.path.join(options.output, "content")
    articles = []
    for number in range(count):
        product = products[number % len(products)]
        verb = rng.choice(VERBS)
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        title = f"{verb.capitalize()} the {a} of a {b} ({number})"
        slug = f"{verb}-the-{a}-of-a-{b}-{number}".replace(" ", "-")
        articles.append((number, product, title, slug))
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(options.output, "sitegen.yml"), "w") as config:
        config.write("title: Generated Help Center\nbaseurl: /how-to/\nurl: https://help.example.com\n")
    for product in products:
        folder = os.path.join(content, product, "images")
        os.makedirs(folder, exist_ok=True)
        for image in range(4):
            with open(os.path.join(folder, f"screen-{image}.svg"), "w") as svg:
                svg.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#{image * 3 + 1}{image * 2 + 2}9"/></svg>\n')
        name = product.replace("-", " ").title()
        members = [article for article in articles if article[1] == product][:20]
        with open(os.path.join(content, product, "index.md"), "w") as landing:
            landing.write(f"---\ntitle: {name}\ntype: product\npermalink: /{product}/\nproduct: {name}\nproduct_url: {product}\n---\n")
            landing.write(f"Everything about {name}.\n\n")
            for _, _, title, slug in members:
                landing.write(f"- [{title}](/how-to/{slug}/)\n")
    for number, product, title, slug in articles:
        year, month, day = 2014 + number % 8, 1 + number % 12, 1 + number % 28
        name = product.replace("-", " ").title()
        lines = ["---", f"permalink: {slug}/", "audit_date:", f"title: {title}", "type: article",
                 f"created_date: '{year}-{month:02d}-{day:02d}'", "created_by: Generated Author",
                 f"last_modified_date: '{year + 1}-{month:02d}-{day:02d}'", "last_modified_by: Generated Editor",
                 f"product: {name}", f"product_url: {product}", "---"]
        body = [paragraph(rng, 4), "", "### Prerequisites", "",
                f"- **Applies to:** {rng.choice(['User', 'Administrator', 'Account owner'])}",
                f"- **Difficulty:** {rng.choice(['Easy', 'Moderate', 'Challenging'])}",
                f"- **Time needed:** Approximately {rng.randint(5, 60)} minutes", "", "### Steps", ""]
        for step in range(1, rng.randint(5, 9)):
            body.append(f"{step}. {sentence(rng)}")
            if step == 2:
                body.append(f"    ![Screen {step}](/how-to/{product}/images/screen-{rng.randint(0, 3)}.svg)")
        body += ["", paragraph(rng, 5), "", "| Setting | Value | Notes |", "|---|---|---|"]
        for _ in range(rng.randint(3, 6)):
            body.append(f"| {rng.choice(WORDS)} | {rng.randint(1, 9999)} | {sentence(rng)} |")
        body += ["", "```sh", f"sitegen-cli {rng.choice(VERBS)} --{rng.choice(WORDS)} {rng.randint(1, 99)}",
                 f"sitegen-cli status --region {rng.choice(['dfw', 'ord', 'iad', 'lon'])}", "```", "",
                 "### Troubleshooting", "", paragraph(rng, 6), ""]
        targets = rng.sample(range(len(articles)), k=min(len(articles), rng.randint(5, 10)))
        related = []
        for target in targets:
            _, _, other_title, other_slug = articles[target]
            fragment = rng.choice(["", "", "#steps", "#prerequisites", "#troubleshooting"])
            related.append(f"- [{other_title}](/how-to/{other_slug}/{fragment})")
        body += ["### Related articles", ""] + related + [""]
        if rng.random() < 0.5:
            body.append(f"![Overview](/how-to/{product}/images/screen-{rng.randint(0, 3)}.svg)")
            body.append("")
        body.append(f"For more help, see the [status page](https://status.example.com/{product}) or "
                    f"[the community forum](https://community.example.com/t/{number}).")
        with open(os.path.join(content, product, f"{slug}.md"), "w") as article:
            article.write("\n".join(lines + body) + "\n")
    print(f"wrote {count} articles in {len(products)} products to {options.output}")


if __name__ == "__main__":
    main()
