#include "folder_entries.h"

#include <errno.h>

#ifdef __linux__
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's record (linux/dirent.h), which glibc does not declare without _GNU_SOURCE. */
struct sitegen_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

long sitegen_read_folder_entries(int descriptor, void *buffer, unsigned long size) {
    return syscall(SYS_getdents64, descriptor, buffer, size);
}

long sitegen_folder_entry_at(const void *buffer, long offset, struct sitegen_folder_entry *entry) {
    const struct sitegen_dirent64 *record = (const struct sitegen_dirent64 *)((const char *)buffer + offset);
    entry->name = record->d_name;
    entry->type = record->d_type;
    return offset + record->d_reclen;
}
#else
long sitegen_read_folder_entries(int descriptor, void *buffer, unsigned long size) {
    (void)descriptor;
    (void)buffer;
    (void)size;
    errno = ENOSYS;
    return -1;
}

long sitegen_folder_entry_at(const void *buffer, long offset, struct sitegen_folder_entry *entry) {
    (void)buffer;
    entry->name = "";
    entry->type = 0;
    return offset;
}
#endif
