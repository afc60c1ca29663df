# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client-side throttle: at most ``rate_limit`` requests per second for every process of the
controller that talks to one API with one identity."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import re
import threading
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX: the throttle stays in-process
    HAS_FCNTL = False

from ansible_collections.iotcloud.dashboards.plugins.module_utils._cachedir import (
    default_cache_dir,
    ensure_private_dir,
    warn_cache_off,
)

THROTTLE_MARGIN = 0.05     # requests are spaced 5% wider than 1/rate_limit
_STALE_SLOT = 300.0        # a throttle slot further ahead than this is a clock jump, not a queue
_NOFOLLOW = getattr(os, 'O_NOFOLLOW', 0)  # a planted symlink must not redirect the lock file


class Throttle:
    """At most ``rate`` requests per second for everyone sharing ``key``.

    The earliest time of the next request lives in a small file guarded by ``flock`` so that all
    forks and processes of one controller share one budget. Each caller reserves a slot under the
    lock and sleeps outside it, so a waiting process never blocks the others' bookkeeping. When the
    file cannot be used, the budget is shared within this process only.
    """

    _local = {}
    _local_lock = threading.Lock()

    def __init__(self, rate, key, cache_dir=None, clock=time.time, sleep=time.sleep, warn=None):
        # A little wider than 1/rate: the server counts arrivals, and network jitter shortens gaps.
        self.interval = (1.0 + THROTTLE_MARGIN) / float(rate)
        self.key = key
        self.clock = clock
        self.sleep = sleep
        self.path = None
        if HAS_FCNTL:
            directory = cache_dir or default_cache_dir()
            try:
                ensure_private_dir(directory)
                safe_key = re.sub(r'[^A-Za-z0-9_.-]', '_', str(key))
                path = os.path.join(directory, 'throttle-%s.lock' % safe_key)
                os.close(os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600))
                self.path = path
            except OSError as exc:
                self.path = None
                if warn is not None:
                    warn_cache_off(warn, directory, exc)

    def _update(self, change):
        """Apply ``change(stored_next_time) -> new_next_time`` atomically; return the old value."""
        if self.path is not None:
            try:
                return self._update_file(change)
            except OSError:
                self.path = None  # the file went away or became unwritable: keep going in-process
        with self._local_lock:
            stored = self._local.get(self.key, 0.0)
            self._local[self.key] = change(stored)
            return stored

    def _update_file(self, change):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.read(fd, 64)
            try:
                stored = float(raw.decode('ascii').strip() or 0)
            except ValueError:
                stored = 0.0
            value = change(stored)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, ('%.6f' % value).encode('ascii'))
            return stored
        finally:
            os.close(fd)  # closing releases the flock

    def _slot(self, stored, now):
        return now if stored > now + _STALE_SLOT else max(stored, now)

    def wait(self):
        """Reserve the next free slot and sleep until it comes; return the seconds slept."""
        now = self.clock()
        stored = self._update(lambda value: self._slot(value, now) + self.interval)
        delay = self._slot(stored, now) - now
        if delay > 0:
            self.sleep(delay)
        return max(delay, 0.0)

    def done(self):
        """A request has been answered (or has failed): the next may not be sent sooner than one
        interval after now. The server counts a request when it reads it, which is some time after we
        reserved its slot and before its answer came back, so spacing from the reservations alone lets a
        slow send arrive within one interval of the next; spacing from the answer cannot. When the
        reservations are queued further ahead anyway (several forks), this changes nothing."""
        now = self.clock()
        self._update(lambda value: max(self._slot(value, now), now + self.interval))

    def hold_until(self, when):
        """Tell every sharer not to send before ``when`` (the server asked us to back off)."""
        self._update(lambda value: max(value, when))
