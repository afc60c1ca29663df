# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token cache: one 0600 JSON file per credential in a 0700 directory owned by the user, so
that tasks and forks reuse a token, and a lock file so that processes starting together on an
empty cache make one token request between them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import binascii
import errno
import glob
import json
import math
import os
import stat
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX: no lock, every process fetches its own
    HAS_FCNTL = False

from ansible_collections.iotcloud.dashboards.plugins.module_utils._cachedir import (
    ensure_private_dir,
    warn_cache_off,
)

LOCK_POLL = 0.05           # seconds between two tries of a held lock
_NOFOLLOW = getattr(os, 'O_NOFOLLOW', 0)


def _read_private(path):
    """The JSON content of ``path`` if it is a regular file of ours that nobody else can read.

    ``O_NOFOLLOW`` refuses a symlink (it could point at another credential's token), and the
    checks are made on the opened file, so the file cannot be swapped between check and read.
    """
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid() or info.st_mode & 0o077 or not stat.S_ISREG(info.st_mode):
            return None
        return json.loads(os.read(fd, 65536).decode('utf-8'))
    finally:
        os.close(fd)


class TokenCache(object):
    """The cached token of one credential (``key``) under ``directory``.

    Entries are ``{"access_token", "expires_at", "refresh_at"}``: the token is used until
    ``refresh_at``, and its file is removed once ``expires_at`` has passed.
    """

    def __init__(self, directory, key, clock=time.time, warn=None, lock_wait=120.0):
        self.directory = directory
        self.path = os.path.join(directory, 'token-%s.json' % key)
        self.lock_path = os.path.join(directory, 'token-%s.lock' % key)
        self.clock = clock
        self.warn = warn or (lambda message: None)
        self.lock_wait = lock_wait
        self.enabled = True

    def _usable_dir(self):
        """Create or check the directory; switch the cache off (with one warning) when it is not ours."""
        if not self.enabled:
            return False
        try:
            ensure_private_dir(self.directory)
            return True
        except OSError as exc:
            self.enabled = False
            warn_cache_off(self.warn, self.directory, exc)
            return False

    def read(self):
        """``(token, refresh_at, expires_at)`` while the cached token is usable, else None.

        A file whose token has expired is removed on sight.
        """
        if not self.enabled or not os.path.isdir(self.directory) or not self._usable_dir():
            return None
        try:
            data = _read_private(self.path)
            token = data['access_token']
            expires_at = float(data['expires_at'])
            refresh_at = float(data.get('refresh_at', expires_at - 60.0))
        except (OSError, IOError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not math.isfinite(expires_at) or expires_at <= self.clock():
            self.remove(token)
            return None
        if not isinstance(token, str) or not token or refresh_at <= self.clock():
            return None
        return token, refresh_at, expires_at

    def write(self, token, refresh_at, expires_at):
        """Store the token atomically; a cache that cannot be written is only a lost shortcut."""
        if not self._usable_dir():
            return
        tmp = '%s.%d.%s.tmp' % (self.path, os.getpid(), binascii.hexlify(os.urandom(4)).decode('ascii'))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, 'w') as handle:
                json.dump({'access_token': token, 'expires_at': expires_at,
                           'refresh_at': refresh_at}, handle)
            os.rename(tmp, self.path)  # atomic, and replaces a symlink rather than following it
        except (OSError, IOError):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.sweep()

    def remove(self, token=None):
        """Remove the cached token (only ``token`` when given: another process may have replaced it)."""
        try:
            if token is not None:
                data = _read_private(self.path)
                if not isinstance(data, dict) or data.get('access_token') != token:
                    return
            os.unlink(self.path)
        except (OSError, IOError, ValueError):
            pass

    def sweep(self):
        """Remove the expired token files of every credential in the directory."""
        now = self.clock()
        for path in glob.glob(os.path.join(self.directory, 'token-*.json')):
            try:
                data = _read_private(path)
                if float(data['expires_at']) <= now:
                    os.unlink(path)
            except (OSError, IOError, ValueError, KeyError, TypeError):
                continue

    def locked(self):
        """A context manager holding the credential's lock file (``flock``) while a token is fetched."""
        return _Lock(self.lock_path if HAS_FCNTL and self._usable_dir() else None, self.lock_wait)


class _Lock(object):
    """An exclusive ``flock`` on ``path``; waits at most ``wait`` seconds, then goes on unlocked
    (a process stuck with the lock must not stop every other one)."""

    def __init__(self, path, wait):
        self.path = path
        self.wait = wait
        self.fd = None

    def __enter__(self):
        if self.path is None:
            return self
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        except OSError:
            return self
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK) or \
                        time.monotonic() >= deadline:
                    return self
            time.sleep(LOCK_POLL)

    def __exit__(self, *exc_info):
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None
        return False
