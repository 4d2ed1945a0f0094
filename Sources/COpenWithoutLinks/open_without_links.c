#include "open_without_links.h"

#include <errno.h>
#include <fcntl.h>

/* Linux headers older than 5.6 have no openat2.h, and glibc older than 2.32 no SYS_openat2: then the function
 * reports ENOSYS, as on other systems. */
#if defined(__linux__) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>
#define SITEGEN_HAS_OPENAT2_HEADER 1
#endif
#endif

int sitegen_open_without_links(const char *path, int flags) {
#if defined(SITEGEN_HAS_OPENAT2_HEADER) && defined(SYS_openat2)
    struct open_how how = {0};
    how.flags = (unsigned long long)(O_RDONLY | flags);
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long descriptor = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
    return descriptor < 0 ? -1 : (int)descriptor;
#else
    (void)path;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}
