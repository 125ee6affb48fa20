from __future__ import annotations

import sys

from kiosk.cli import main

# Guarded: a child process started with multiprocessing's "spawn" (the central list's
# large imports) imports this module as __mp_main__ and must not run the command again.
if __name__ == "__main__":
    sys.exit(main())
