#ifndef SITEGEN_FUZZER_DRIVER_H
#define SITEGEN_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in its runtime, linked by -sanitize=fuzzer): runs the fuzzer with the command line's options
/// on `callback`. Called from each target's own `main`, which SwiftPM's debug build renames for testable executables.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
