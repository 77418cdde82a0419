"""Run a command and record its own peak RSS (see run.py).

A tiny launcher: a child's ru_maxrss counts the memory of the process it was forked
from, so measuring from run.py (which holds data) would inflate every number. This
launcher is small, forks, execs the command and reports the child's own peak.

    python -S peak.py OUT_FILE COMMAND...   writes {"maxrss_kb": N, "status": S} to OUT_FILE
"""

import json
import os
import sys


def main() -> None:
    out, argv = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w") as handle:
        json.dump({"maxrss_kb": usage.ru_maxrss, "status": code}, handle)
    sys.exit(code if code >= 0 else 1)


if __name__ == "__main__":
    main()
