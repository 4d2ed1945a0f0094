#ifndef SITEGEN_OPEN_WITHOUT_LINKS_H
#define SITEGEN_OPEN_WITHOUT_LINKS_H

/* Opens `path` for reading (with `flags` added to O_RDONLY) only if no component of it is a symbolic link, in one
 * system call: Linux's openat2(2) with RESOLVE_NO_SYMLINKS and RESOLVE_NO_MAGICLINKS (Linux 5.6 and later).
 *
 * Returns the descriptor, or -1 with errno set: ELOOP when a component is a symbolic link; ENOSYS where the
 * system has no openat2 (another system, an older kernel) and EPERM where a seccomp filter refuses it (some
 * container runtimes); else the error of the open.
 *
 * Why hand-written: openat2 has no wrapper in glibc before 2.42, and Swift cannot call the variadic syscall(2). */
int sitegen_open_without_links(const char *path, int flags);

#endif
