/*
 * The C floor of the macro benchmark: the least work a static site generator must do. One thread reads every
 * article under a content folder, skips its front matter, renders it with cmark-gfm (the extensions sitegen
 * uses: table, strikethrough, autolink, tagfilter, tasklist; footnotes; raw HTML kept) and writes each result to
 * its own file (overwriting the previous run's file in place, the cheapest way to write on ext4). No templates,
 * no link checking, no front matter parsing.
 *
 * With --parse-only it reads and parses every article and stops there (no HTML, no file): the least a link check
 * that parses with cmark-gfm must do, the bound under `sitegen check`.
 *
 * Build: cc -O2 -o floor floor.c $(pkg-config --cflags --libs libcmark-gfm) -lcmark-gfm-extensions
 * Usage: floor [--parse-only] CONTENT_FOLDER OUTPUT_FOLDER
 */
#define _GNU_SOURCE
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *extensions[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
static int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_UNSAFE;
static const char *output_folder;
static long written;
static int parse_only;

static void render(const char *path) {
    FILE *in = fopen(path, "rb");
    if (!in) { perror(path); exit(1); }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = malloc(size + 1);
    if (fread(text, 1, size, in) != (size_t)size) { perror(path); exit(1); }
    fclose(in);
    text[size] = 0;
    char *body = text;
    if (strncmp(text, "---\n", 4) == 0) {
        char *end = strstr(text + 4, "\n---\n");
        if (end) body = end + 5;
    }
    cmark_parser *parser = cmark_parser_new(options);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        cmark_syntax_extension *extension = cmark_find_syntax_extension(extensions[i]);
        if (extension) cmark_parser_attach_syntax_extension(parser, extension);
    }
    cmark_parser_feed(parser, body, strlen(body));
    cmark_node *document = cmark_parser_finish(parser);
    if (parse_only) {
        written++;
        cmark_node_free(document);
        cmark_parser_free(parser);
        free(text);
        return;
    }
    char *html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
    char target[4096];
    snprintf(target, sizeof target, "%s/%ld.html", output_folder, written++);
    /* Overwrite in place, then cut to length, rather than fopen(.., "wb"): on ext4, truncating a file to zero and
       closing it forces its pages to disk at close (auto_da_alloc), which no generator needs to pay. */
    int out = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (out < 0) { perror(target); exit(1); }
    size_t length = strlen(html);
    for (size_t done = 0; done < length;) {
        ssize_t count = write(out, html + done, length - done);
        if (count < 0) { if (errno == EINTR) continue; perror(target); exit(1); }
        done += (size_t)count;
    }
    if (ftruncate(out, (off_t)length) != 0) { perror(target); exit(1); }
    close(out);
    free(html);
    cmark_node_free(document);
    cmark_parser_free(parser);
    free(text);
}

static void walk(const char *folder) {
    DIR *dir = opendir(folder);
    if (!dir) { perror(folder); exit(1); }
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        struct stat status;
        if (lstat(path, &status) != 0) continue;
        if (S_ISDIR(status.st_mode)) {
            walk(path);
        } else {
            size_t length = strlen(entry->d_name);
            if (length > 3 && strcmp(entry->d_name + length - 3, ".md") == 0) render(path);
        }
    }
    closedir(dir);
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--parse-only") == 0) {
        parse_only = 1;
        argv++;
        argc--;
    }
    if (argc != 3) { fprintf(stderr, "usage: floor [--parse-only] CONTENT_FOLDER OUTPUT_FOLDER\n"); return 2; }
    cmark_gfm_core_extensions_ensure_registered();
    output_folder = argv[2];
    if (mkdir(output_folder, 0755) != 0 && errno != EEXIST) { perror(output_folder); return 1; }
    walk(argv[1]);
    fprintf(stderr, "%s %ld articles\n", parse_only ? "parsed" : "rendered", written);
    return 0;
}
