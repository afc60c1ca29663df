# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-user cache directory that holds the token cache and the throttle files.

Both are only trusted in a directory that the user owns and nobody else can enter: another user
who can write there could plant a token or starve the rate budget. When the directory is not
usable, caching and the shared rate budget switch off, and the user is told once.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import errno
import os

_warned = set()


def default_cache_dir():
    """``$XDG_CACHE_HOME/iotcloud.dashboards``, else ``~/.cache/iotcloud.dashboards``."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'iotcloud.dashboards')


class ForeignDirectory(OSError):
    """The cache directory belongs to another user."""


def ensure_private_dir(path):
    """Create ``path`` readable only by the user (0700) and return it.

    Raise ``ForeignDirectory`` when another user owns it, OSError when it cannot be made private.
    """
    if not os.path.isdir(path):
        os.makedirs(path, 0o700, exist_ok=True)  # processes starting together race here
    info = os.stat(path)
    if info.st_uid != os.getuid():
        raise ForeignDirectory(errno.EPERM, 'owned by another user (uid %d)' % info.st_uid, path)
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def warn_cache_off(warn, path, exc):
    """Warn once per process that the token cache and the shared rate budget are off, and why."""
    if path in _warned:
        return
    _warned.add(path)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    warn('the token cache and the rate budget shared between processes are off: the cache '
         'directory %s is not usable (%s); set XDG_CACHE_HOME to a directory of your own'
         % (path, reason))
