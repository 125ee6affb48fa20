"""Files only their owner may read: replica and central list databases (attendees'
names and e-mails, the kiosk's device token, event keys), with their ``-wal`` and
``-shm`` companions.

SQLite gives a database's ``-wal``/``-shm`` files the permissions of the database file,
so creating the database 0600 before SQLite opens it is enough for new files; an older
file made 0644 is tightened when it is opened (if this user owns it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_MODE = 0o600
COMPANIONS = ("", "-wal", "-shm", "-journal")


def make_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist; tighten it and its
    SQLite companions to 0600 if they are more open. Quietly leaves files alone that
    this user cannot change (someone else's, read-only media)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        pass
    except OSError:
        return  # the open that follows reports the problem in its own words
    else:
        os.close(fd)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            info = companion.stat()
            if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077 \
                    and info.st_uid == os.getuid():
                os.chmod(companion, PRIVATE_MODE)
        except OSError:
            continue
