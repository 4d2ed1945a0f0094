#define _GNU_SOURCE
#include "inline_characters.h"

#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*ManageCharacters)(cmark_parser *parser, int add);

static atomic_int called = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* The syntax extensions (cmark-gfm's registered singletons) whose characters are on; cmark-gfm has six. */
#define MAXIMUM_EXTENSIONS 64
static void *switched_on[MAXIMUM_EXTENSIONS];
static atomic_int switched_on_count = 0;

/* Whether `extension` is among the first `count` entries of `switched_on`. */
static int is_switched_on(void *extension, int count) {
    for (int index = 0; index < count; index++) {
        if (switched_on[index] == extension) return 1;
    }
    return 0;
}

static int all_switched_on(cmark_llist *extensions) {
    int count = atomic_load_explicit(&switched_on_count, memory_order_acquire);
    for (cmark_llist *item = extensions; item; item = item->next) {
        if (!is_switched_on(item->data, count)) return 0;
    }
    return 1;
}

/* Replaces cmark-gfm's function of this name (see the header). */
void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    atomic_store_explicit(&called, 1, memory_order_release);
    if (!add) return;
    cmark_llist *extensions = cmark_parser_get_syntax_extensions(parser);
    if (all_switched_on(extensions)) return;
    pthread_mutex_lock(&lock);
    if (!all_switched_on(extensions)) {
        ManageCharacters original = (ManageCharacters)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
        if (original == NULL) {
            /* Without cmark-gfm's own function, autolinks and strikethrough would be lost without a word. */
            fprintf(stderr, "sitegen: cannot find cmark-gfm's cmark_manage_extensions_special_characters: %s\n", dlerror());
            abort();
        }
        original(parser, 1);
        int count = atomic_load_explicit(&switched_on_count, memory_order_relaxed);
        for (cmark_llist *item = extensions; item; item = item->next) {
            if (!is_switched_on(item->data, count) && count < MAXIMUM_EXTENSIONS) switched_on[count++] = item->data;
        }
        atomic_store_explicit(&switched_on_count, count, memory_order_release);
    }
    pthread_mutex_unlock(&lock);
}

int sitegen_inline_characters_stay_on(void) { return atomic_load_explicit(&called, memory_order_acquire); }
