#include "markdown_arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every allocation starts with a header holding its size, so that realloc knows how much to copy. */
#define HEADER 16
#define ALIGN 16
/* A help article needs 20-60 KB; one block of this size is kept per thread and reused. */
#define BLOCK_SIZE (256 * 1024)

typedef struct Block {
    struct Block *previous;
    size_t capacity;
    size_t used;
    size_t padding; /* keeps `data` 16-byte aligned */
    unsigned char data[];
} Block;

typedef struct {
    Block *current;  /* where allocations go; chained to older blocks */
    Block *kept;     /* the standard-size block reused by the next document */
    void *last;      /* the latest allocation, which realloc can grow in place */
    int open;
    int registered;
} Arena;

static _Thread_local Arena arena;

/* A thread that ends frees the block it kept. */
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void free_kept(void *block) {
    free(block);
    arena.kept = NULL; /* runs on the exiting thread: its arena must not hand out the freed block again */
}
static void make_exit_key(void) { pthread_key_create(&exit_key, free_kept); }

static void out_of_memory(void) {
    fprintf(stderr, "[sitegen] out of memory while rendering Markdown, aborting\n");
    abort();
}

static Block *new_block(size_t capacity) {
    if (capacity > SIZE_MAX - sizeof(Block)) out_of_memory();
    Block *block = malloc(sizeof(Block) + capacity);
    if (block == NULL) out_of_memory();
    block->previous = NULL;
    block->capacity = capacity;
    block->used = 0;
    return block;
}

void sitegen_arena_begin(void) {
    if (arena.open) {
        fprintf(stderr, "[sitegen] Markdown arena opened twice on one thread, aborting\n");
        abort();
    }
    if (!arena.registered) {
        pthread_once(&exit_key_once, make_exit_key);
        arena.registered = 1;
    }
    if (arena.kept == NULL) {
        arena.kept = new_block(BLOCK_SIZE);
        pthread_setspecific(exit_key, arena.kept);
    }
    arena.kept->used = 0;
    arena.kept->previous = NULL;
    arena.current = arena.kept;
    arena.last = NULL;
    arena.open = 1;
}

void sitegen_arena_end(void) {
    Block *block = arena.current;
    while (block != NULL && block != arena.kept) {
        Block *previous = block->previous;
        free(block);
        block = previous;
    }
    arena.current = NULL;
    arena.last = NULL;
    arena.open = 0;
}

static void *allocate(size_t size) {
    if (!arena.open) {
        fprintf(stderr, "[sitegen] Markdown arena used outside a document, aborting\n");
        abort();
    }
    if (size > SIZE_MAX - HEADER - ALIGN) out_of_memory();
    size_t needed = (size + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    Block *block = arena.current;
    if (block->capacity - block->used < needed) {
        block = new_block(needed > BLOCK_SIZE ? needed : BLOCK_SIZE);
        block->previous = arena.current;
        arena.current = block;
    }
    unsigned char *start = block->data + block->used;
    block->used += needed;
    memcpy(start, &size, sizeof size);
    arena.last = start + HEADER;
    return start + HEADER;
}

static size_t size_of(void *pointer) {
    size_t size;
    memcpy(&size, (unsigned char *)pointer - HEADER, sizeof size);
    return size;
}

void *sitegen_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory();
    void *pointer = allocate(count * size);
    memset(pointer, 0, count * size);
    return pointer;
}

void *sitegen_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return allocate(size);
    size_t old = size_of(pointer);
    Block *block = arena.current;
    if (pointer == arena.last) {
        /* The latest allocation grows (or shrinks) in place when its block has room: a growing buffer. */
        size_t offset = (size_t)((unsigned char *)pointer - HEADER - block->data);
        if (size <= SIZE_MAX - HEADER - ALIGN) {
            size_t needed = (size + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
            if (needed <= block->capacity - offset) {
                block->used = offset + needed;
                memcpy((unsigned char *)pointer - HEADER, &size, sizeof size);
                return pointer;
            }
        }
    }
    void *moved = allocate(size);
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

void sitegen_arena_free(void *pointer) {
    /* Everything is released by sitegen_arena_end; only the latest allocation is given back at once. */
    if (pointer != NULL && pointer == arena.last) {
        Block *block = arena.current;
        block->used = (size_t)((unsigned char *)pointer - HEADER - block->data);
        arena.last = NULL;
    }
}

size_t sitegen_arena_held_bytes(void) {
    size_t total = 0;
    for (Block *block = arena.current; block != NULL; block = block->previous) total += block->capacity;
    if (arena.current == NULL && arena.kept != NULL) total = arena.kept->capacity;
    return total;
}

int sitegen_arena_is_open(void) { return arena.open; }
