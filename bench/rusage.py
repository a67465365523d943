# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
"""rusage.py -- make bench's stopwatch: runs a command and writes
"wall user sys maxrss_kb" of it to a file, as GNU time -f '%e %U %S %M'
would, but to the microsecond the kernel accounts (GNU time prints CPU
seconds with two decimals: a tenth of what a fast run takes).
Usage: python3 rusage.py OUT COMMAND [ARG...]; exits with COMMAND's
status. COMMAND's output goes where rusage.py's goes."""
import os, resource, subprocess, sys, time

out, cmd = sys.argv[1], sys.argv[2:]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
rc = subprocess.call(cmd)
wall = time.monotonic() - t0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:
    f.write("%.4f %.4f %.4f %d\n" % (wall, after.ru_utime - before.ru_utime,
            after.ru_stime - before.ru_stime, after.ru_maxrss))
sys.exit(rc if rc >= 0 else 128 - rc)
