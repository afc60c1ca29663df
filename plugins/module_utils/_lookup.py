# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding a dashboard through a client, by id or exact name, as every module does. GET requests only.
The pure look-ups in a things listing (things, properties, devices, clone overrides) are in
_things.py and _clone.py."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    is_uuid,
    select_by_name,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import NotFound

# The document's pattern for the list endpoint's ``name`` query parameter.
_FILTER_CHARS = re.compile(r'[a-zA-Z0-9_.@-]+')


def find_dashboard(client, ident=None, dashboard_id=None, name=None):
    """The raw server dashboard (Arduino) with that id or exact name, or None when there is none.

    ``ident`` is an id or a name (a UUID is tried as an id first, then as a name, because a
    dashboard may be named like a UUID). ``dashboard_id`` is only an id, ``name`` only a name.
    A name is looked up by listing with the server's name filter (a substring match, see
    name_filter) and then matching exactly; several exact matches raise AmbiguousError listing their ids."""
    if ident is not None:
        if is_uuid(ident):
            found = _get_by_id(client, ident)
            if found is not None:
                return found
        return _find_by_name(client, ident)
    if dashboard_id is not None:
        if not is_uuid(dashboard_id):
            # An id that is not a UUID cannot exist; do not send it to the server.
            return None
        return _get_by_id(client, dashboard_id)
    if name is not None:
        return _find_by_name(client, name)
    return None


def _get_by_id(client, dashboard_id):
    try:
        return client.get_dashboard(dashboard_id)
    except NotFound:
        return None


def name_filter(name):
    """What to send as the list endpoint's ``name`` filter for an exact name: the name itself when
    the document's (unanchored) pattern ``[a-zA-Z0-9_.@-]+`` finds a match in it, else None: a name
    such as "温室" is refused as a filter, so the listing is read without one. The exact match is
    always made on this side, so a wider listing never picks another dashboard."""
    return name if _FILTER_CHARS.search(name or '') else None


def _find_by_name(client, name):
    listed = select_by_name(client.list_dashboards(name=name_filter(name)), name)
    if listed is None:
        return None
    # The list endpoint may leave out widget details; read the full dashboard once.
    if listed.get('id') and 'widgets' not in listed:
        return _get_by_id(client, listed['id'])
    return listed


def find_qubitro_dashboard(client, ident=None, dashboard_id=None, name=None, full=True):
    """The Qubitro dashboard with that id or exact name, or None; the one read step of every module.

    ``ident`` is an id (matched in any case) or else an exact name, found in one listing;
    ``dashboard_id`` is read directly; ``name`` is matched in the listing (several matches raise
    AmbiguousError). With ``full`` the dashboard found in a listing is read once more in full (the
    listing gives widget ids only)."""
    if dashboard_id is not None:
        return _get_by_id(client, dashboard_id)
    if ident is None and name is None:
        return None
    listing = client.list_dashboards()
    found = None
    if ident is not None:
        wanted = str(ident).lower()
        by_id = [d for d in listing if str(d.get('id')).lower() == wanted]
        found = by_id[0] if by_id else select_by_name(listing, ident)
    else:
        found = select_by_name(listing, name)
    if found is None or not full:
        return found
    return client.get_dashboard(found['id'])
