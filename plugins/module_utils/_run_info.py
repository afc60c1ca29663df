# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""M(dashboard_info): find dashboards of either platform, filter them on the client side (a server
filter is a hint, never trusted), and add what ``include`` asks for. Only GET requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _plan
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _spec
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError, is_uuid


def validate(params):
    """Checks that need no request; raises ValidationError."""
    if params['id'] is not None and not is_uuid(params['id']):
        raise ValidationError('id must be a dashboard UUID, got %r' % params['id'])
    if params['platform'] == 'qubitro':
        refused = [item for item in params['include'] if item in ('shares', 'template', 'spec')]
        if refused:
            raise ValidationError('include=%s is not supported by the Qubitro API (it cannot list the '
                                  'collaborators of a dashboard and has no templates)' % ','.join(refused))
        if params['thing'] is not None:
            raise ValidationError('thing is an Arduino filter; Qubitro dashboards are not linked to things')


def _matches(dashboard, params):
    """The client-side filters, applied to any raw dashboard of either platform."""
    name = dashboard.get('name') or ''
    if params['id'] is not None and (dashboard.get('id') or '').lower() != params['id'].lower():
        return False
    if params['name'] is not None and name != params['name']:
        return False
    if params['name_contains'] is not None and params['name_contains'].lower() not in name.lower():
        return False
    return True


def arduino_dashboards(client, params):
    """Raw Arduino dashboards that match, and the things listing if one was needed (else None)."""
    things = None
    if params['thing'] is not None or 'devices' in params['include'] or 'spec' in params['include']:
        things = client.list_things(show_properties=True)
    thing_id = th.find_thing(things, params['thing'])['id'] if params['thing'] is not None else None
    if 'pages' in params['include']:
        # Pages exist only in the v3 view; its list and show take the same filters.
        client = client.v3()
    if params['id'] is not None:
        raw = _lookup.find_dashboard(client, dashboard_id=params['id'])
        raws = [raw] if raw is not None else []
    else:
        query = {}
        if params['name'] is not None or params['name_contains'] is not None:
            # The server's name filter is a substring match; the exact name narrows the most. A name
            # its pattern refuses is not sent; the match below is made here either way.
            wanted = _lookup.name_filter(params['name'] if params['name'] is not None else params['name_contains'])
            if wanted is not None:
                query['name'] = wanted
        if thing_id is not None:
            query['thing_id'] = thing_id
        raws = client.list_dashboards(**query)
    if thing_id is not None:
        # The document does not promise that the server applies thing_id: check every widget here.
        raws = [r for r in raws if thing_id in [d['thing_id'] for d in th.dashboard_devices(r, things)]]
    return [r for r in raws if _matches(r, params)], things


def arduino_result(client, raw, things, include):
    """One normalised Arduino dashboard with what include asks for."""
    paged = 'pages' in include
    if paged:
        client = client.v3()
    dashboard = dsh.normalize_dashboard(raw, paged=paged)
    shares = None
    if 'shares' in include:
        dashboard['shares'] = client.list_shares(raw['id'])
        shares = shr.normalize_shares(dashboard['shares'])
    if 'spec' in include:
        if shares is None:
            shares = _plan.listed_shares(raw)
        if shares is None:
            shares = shr.normalize_shares(client.list_shares(raw['id']))
        dashboard['spec'] = _spec.export_spec(dashboard, things, shares)
    if 'devices' in include:
        dashboard['devices'] = th.dashboard_devices(raw, things)
    if 'template' in include:
        dashboard['template'] = export_template(client, client.get_template(raw['id']), things)
    return dashboard


def export_template(client, template, things):
    """The server's template in the format arduino-cloud-cli reads: widget options without the keys
    the server adds, and the property ids in Advanced Chart and Image Map options as
    ``thing:variable`` (thing by name, as the template's variables name it). The things are listed
    only when such an option holds a property id (``things`` is the run's listing, if it made one)."""
    widgets = [w for w in template.get('widgets') or [] if isinstance(w, dict)]
    if any(option_refs.property_ids(w.get('type'), w.get('options')) for w in widgets):
        if things is None:
            things = client.list_things(show_properties=True)
        owners = th.property_owners(things)
        refs = dict((pid, {'thing': thing.get('name') or thing.get('id'), 'variable': prop.get('variable_name') or prop.get('name')})
                    for pid, (thing, prop) in owners.items())
    else:
        refs = {}
    for widget in widgets:
        if isinstance(widget.get('options'), dict):
            widget['options'] = option_refs.to_references(widget.get('type'), dsh.strip_server_options(widget['options']), refs)
    return template


def qubitro_results(client, params):
    """Normalised Qubitro dashboards (read in full) with their devices when asked."""
    if params['id'] is not None:
        found = _lookup.find_qubitro_dashboard(client, dashboard_id=params['id'])
        raws = [found] if found is not None else []
    else:
        raws = [client.get_dashboard(r['id']) for r in client.list_dashboards() if _matches(r, params)]
    result = []
    for raw in raws:
        if not _matches(raw, params):
            continue
        dashboard = dsh.normalize_qubitro_dashboard(raw)
        if 'devices' in params['include']:
            dashboard['devices'] = client.get_dashboard_devices(raw['id'])
        result.append(dashboard)
    return result


def execute(module, client, validated):
    """The dashboards that match, sorted by name then id."""
    params = module.params
    if params['platform'] == 'qubitro':
        dashboards = qubitro_results(client, params)
    else:
        raws, things = arduino_dashboards(client, params)
        dashboards = [arduino_result(client, raw, things, params['include']) for raw in raws]
    dashboards.sort(key=lambda d: (d.get('name') or '', d.get('id') or ''))
    return dict(changed=False, dashboards=dashboards)
