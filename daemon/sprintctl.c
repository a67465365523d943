/* sprintd.c -- the daemon's main(). */
#include "config-auto.h"
#include <stdio.h>
int main(void) { puts(PACKAGE_STRING); return 0; }
