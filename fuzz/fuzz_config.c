/*
 * fuzz_config.c -- libFuzzer target: any bytes as sprintd.yaml through
 * config_load_string. Built by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*c = NULL;
	char		*cause = NULL;

	if (config_load_string("fuzz.yaml", (const char *)data, size, &c,
	    &cause) == 0)
		config_free(&c);
	else
		free(cause);
	return 0;
}
