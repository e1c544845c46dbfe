// libFuzzer's driver entry (compiler-rt FuzzerInterface.h), linked in by -sanitize=fuzzer.
// SwiftPM gives each executable its own `main` (it renames the module's entry point and points `main`
// at it), so the fuzz targets have an `@main` that hands control to this driver.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *_Nonnull argc, char *_Nullable *_Nullable *_Nonnull argv,
                        int (*_Nonnull UserCb)(const uint8_t *_Nonnull Data, size_t Size));
