#ifndef SITEGEN_FOLDER_ENTRIES_H
#define SITEGEN_FOLDER_ENTRIES_H

/* Lists an open folder with Linux's getdents64, for FolderListing.
 *
 * Why hand-written: `readdir` needs a `DIR` stream, and `fdopendir` on a descriptor the caller keeps costs a `dup`,
 * two `fcntl`s, an `fstat` and a `close` besides the two `getdents64` calls that do the listing: `strace -c` of a
 * 10,000-article build counted 9 system calls per article folder in the sweep of the output tree. Swift's Glibc
 * module does not export `getdents64` (it needs _GNU_SOURCE), and no package we may use wraps it. */

/* One entry of the buffer: its name (NUL-terminated, inside the buffer) and its d_type. */
struct sitegen_folder_entry {
    const char *name;
    unsigned char type;
};

/* Fills `buffer` with the next entries of the folder open at `descriptor`; returns the number of bytes filled,
 * 0 at the end of the folder, -1 (with errno set) on error. On systems without getdents64: -1 with ENOSYS. */
long sitegen_read_folder_entries(int descriptor, void *buffer, unsigned long size);

/* Reads the entry at byte `offset` of a buffer filled by sitegen_read_folder_entries into `entry`, and returns the
 * offset of the next entry. */
long sitegen_folder_entry_at(const void *buffer, long offset, struct sitegen_folder_entry *entry);

#endif
