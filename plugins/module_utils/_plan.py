# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan step, shared by one dashboard (M(dashboard)) and a set of them (M(dashboard_sync)).

Pure: the current state as the server gave it and the desired state go in; what to send and the
normalised result come out. Nothing here sends a request (that is _apply.py), so check mode and the
real run are predicted by the same code, and every case is a table-driven unit test."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr

ACTIONS = ('create', 'update', 'unchanged', 'delete')


def listed_shares(raw):
    """The normalised shares that a dashboard object carries, or None when it has no ``shared_with``
    (the document marks the field optional: absent is "not said", never "no shares")."""
    if raw is None:
        return []
    if not isinstance(raw.get('shared_with'), list):
        return None
    return shr.normalize_shares(raw['shared_with'])


def changed_widgets(before, after):
    """Names of the widgets that are added, removed or changed (or moved to another page) between two
    normalised dashboards."""
    old = (before or {}).get('widgets') or {}
    new = (after or {}).get('widgets') or {}
    names = set(old) ^ set(new)
    names.update(key for key in set(old) & set(new) if dsh.widget_differs(old[key], new[key]))
    return sorted(names, key=str)


def unbound_property_ids(widgets, raw):
    """Property UUIDs that ``widgets`` (validated) bind and the widget of the same name in ``raw`` (the
    server's dashboard, or None) does not have yet. Those are checked against the things listing, so a
    UUID the server would refuse (one of another organization, say) fails before any write."""
    current = dict((w.get('name'), w) for w in (raw or {}).get('widgets') or [])
    unbound = set()
    for widget in widgets or []:
        bound = set((v.get('id') or '').lower() for v in (current.get(widget['name']) or {}).get('variables') or []
                    if isinstance(v, dict))
        unbound.update(v for v in widget.get('variables') or [] if isinstance(v, str) and v not in bound)
    return unbound


def plan_dashboard(raw, name, widgets=None, cover_image=None, purge_widgets=True, organization=None,
                   shares=None, current_shares=None, pages=None):
    """What it takes to make one dashboard as declared.

    ``raw`` is the server's dashboard (None: create). ``widgets`` are validated widgets whose variables
    are resolved to property ids (None leaves the widgets alone). ``shares`` are validated users
    (exclusive; None leaves shares alone), ``current_shares`` the normalised shares read (needed when
    ``shares`` is given for an existing dashboard).

    Returns a dict: ``action`` (create, update or unchanged), ``before`` and ``after`` (normalised;
    they carry ``shares`` when shares are managed or known), ``payload`` (the POST or PUT body, None
    when the dashboard itself needs no write), ``share_add`` (users for one ``PUT .../shares``),
    ``share_remove`` (user ids to ``DELETE``) and ``widgets_changed`` (names).

    ``pages`` (validated sub-pages, widgets resolved) plans a v3 dashboard: ``raw`` must then be the
    v3 view, and ``api`` is 3 (the payload is a ``dashboardv3`` body); else ``api`` is 2."""
    paged = pages is not None
    current = dsh.normalize_dashboard(raw, paged=paged)
    desired = dsh.merge_dashboard(current, name, widgets=widgets, cover_image=cover_image,
                                  purge_widgets=purge_widgets, organization=organization, pages=pages)
    differs = dsh.dashboard_differs(current, desired)
    plan = {'name': desired['name'], 'id': desired.get('id'), 'raw': raw, 'api': 3 if paged else 2,
            'before': copy.deepcopy(current), 'after': desired,
            'payload': dsh.dashboard_payload(desired, raw) if differs else None,
            'share_add': [], 'share_remove': [],
            'widgets_changed': changed_widgets(current, desired) if differs else []}
    if shares is not None:
        if raw is None:
            current_shares = []
        elif current_shares is None:
            raise ValueError('plan_dashboard: current_shares is required to manage shares')
        plan['share_add'], plan['share_remove'] = shr.plan_shares(current_shares, shares, 'present',
                                                                  exclusive=True)
    if current_shares is not None and plan['before'] is not None:
        plan['before']['shares'] = shr.sort_shares(copy.deepcopy(current_shares))
    if current_shares is not None:
        desired['shares'] = shr.predict_shares(current_shares, plan['share_add'], plan['share_remove'])
    if raw is None:
        plan['action'] = 'create'
    elif differs or plan['share_add'] or plan['share_remove']:
        plan['action'] = 'update'
    else:
        plan['action'] = 'unchanged'
    return plan


def plan_delete(raw, current_shares=None):
    """The plan that deletes ``raw``; ``before`` is its normalised form, ``after`` None."""
    before = dsh.normalize_dashboard(raw)
    if current_shares is not None:
        before['shares'] = current_shares
    return {'name': raw.get('name'), 'id': raw.get('id'), 'raw': raw, 'action': 'delete', 'api': 2,
            'before': before, 'after': None, 'payload': None, 'share_add': [], 'share_remove': [],
            'widgets_changed': []}


def index_by_name(listing):
    """``{name: [raw, ...]}`` of a dashboards listing, keeping the server's order."""
    by_name = {}
    for raw in listing or []:
        by_name.setdefault(raw.get('name'), []).append(raw)
    return by_name


def shares_to_read(listing, definitions):
    """Ids of the listed dashboards whose shares must be read with one GET each: a definition manages
    their shares and the listing did not say who they are shared with."""
    by_name = index_by_name(listing)
    ids = []
    for definition in definitions:
        found = by_name.get(definition['name']) or []
        if definition.get('shares') is not None and len(found) == 1 and listed_shares(found[0]) is None:
            ids.append(found[0]['id'])
    return ids


def plan_set(listing, definitions, organization=None, purge=False, read_shares=None):
    """Plans for a set of validated definitions (variables resolved) against one dashboards listing.

    ``read_shares`` maps a dashboard id to the normalised shares read for it (see shares_to_read).
    Returns ``(plans, errors)``: one plan per definition, plus a delete plan per listed dashboard no
    definition names when ``purge``; ``errors`` maps a definition's name to the reason it cannot be
    planned (several dashboards have that name). Plans come sorted by name, then id."""
    read_shares = read_shares or {}
    by_name = index_by_name(listing)
    plans, errors = [], {}
    for definition in definitions:
        found = by_name.get(definition['name']) or []
        if len(found) > 1:
            errors[definition['name']] = ('%d dashboards are named %r (ids %s); rename or delete all but one'
                                          % (len(found), definition['name'],
                                             ', '.join(sorted(str(r.get('id')) for r in found))))
            continue
        raw = found[0] if found else None
        current_shares = listed_shares(raw)
        if current_shares is None:
            current_shares = read_shares.get(raw.get('id'))
        plans.append(plan_dashboard(raw, definition['name'], widgets=definition.get('widgets'),
                                    cover_image=definition.get('cover_image'), organization=organization,
                                    shares=definition.get('shares'), current_shares=current_shares,
                                    pages=definition.get('pages')))
    if purge:
        declared = set(d['name'] for d in definitions)
        for name, raws in by_name.items():
            if name not in declared:
                plans.extend(plan_delete(raw, listed_shares(raw)) for raw in raws)
    plans.sort(key=lambda p: (p['name'] or '', p.get('id') or ''))
    return plans, errors


def summarize(plans):
    """``{create: n, update: n, unchanged: n, delete: n}``."""
    summary = dict((action, 0) for action in ACTIONS)
    for plan in plans:
        summary[plan['action']] += 1
    return summary
