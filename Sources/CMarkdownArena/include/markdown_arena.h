#ifndef SITEGEN_MARKDOWN_ARENA_H
#define SITEGEN_MARKDOWN_ARENA_H

#include <stddef.h>

/* A per-thread arena for cmark-gfm's allocations while one document is parsed, walked and rendered.
 *
 * Why hand-written: cmark-gfm allocates every node, buffer and string of a document separately (hundreds of
 * calls per help article) and frees them one by one; the profile of `sitegen check` on 10,000 articles showed
 * glibc's allocator at about 15% of all CPU time, most of it for cmark-gfm. cmark-gfm accepts an allocator
 * (`cmark_mem`), but its callbacks take no context, and its own arena (`cmark_get_arena_mem_allocator`) is one
 * global arena that two threads cannot share. No package we may use provides one, so this is a small bump
 * allocator kept per thread.
 *
 * Use: `sitegen_arena_begin()`, then give cmark-gfm a `cmark_mem` made of the three functions below, and call
 * `sitegen_arena_end()` after the last use of anything cmark-gfm allocated: it releases all of it at once.
 * Documents on one thread must not overlap. Out of memory aborts, as cmark-gfm's own allocator does. */

void sitegen_arena_begin(void);
void sitegen_arena_end(void);

void *sitegen_arena_calloc(size_t count, size_t size);
void *sitegen_arena_realloc(void *pointer, size_t size);
void sitegen_arena_free(void *pointer);

/* Bytes currently held by this thread's arena, and whether a document is open: for tests. */
size_t sitegen_arena_held_bytes(void);
int sitegen_arena_is_open(void);

#endif
