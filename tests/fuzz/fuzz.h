/* What the fuzz targets and driver.c share: the libFuzzer entry point each
 * target defines, and the check a target makes of its invariants. */
#ifndef LANES_FUZZ_H
#define LANES_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, so that the driver (or libFuzzer) reports the input that broke it. */
#define FUZZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c); \
		abort(); \
	} \
} while (0)

#endif
