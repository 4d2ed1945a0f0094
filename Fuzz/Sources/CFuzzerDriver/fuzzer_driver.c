// The declaration in include/fuzzer_driver.h is the point of this target; a C target needs a source file.
#include "fuzzer_driver.h"
