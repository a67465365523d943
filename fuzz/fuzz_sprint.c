/*
 * fuzz_sprint.c -- libFuzzer target: any bytes as a sprint file through
 * sprint_load_string (YAML, the key table, the whole-file checks). Built
 * by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sprint	*s = NULL;
	char		*cause = NULL;

	if (sprint_load_string("fuzz.yaml", (const char *)data, size, &s,
	    &cause) == 0) {
		(void)sprint_days(s);
		(void)sprint_question(s, "overall");
		sprint_free(&s);
	} else
		free(cause);
	return 0;
}
