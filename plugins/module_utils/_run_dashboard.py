# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""M(dashboard): validate, then one of present (through the shared plan step of _plan.py, the
same as M(dashboard_sync)), absent, clone, or finding a read-only Qubitro dashboard."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _apply
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _clone as cln
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _plan
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _templates as tpl
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _widget_types as wt
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import (
    THIS_ORGANIZATION,
    ValidationError,
    is_uuid,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import NotFound

QUBITRO_READ_ONLY = ('the Qubitro API cannot create, update or delete dashboards; '
                     'only finding one (state=present with name or id and nothing to change) is possible')

RESTORE_NEEDS_ID = ('restore needs id: a soft-deleted dashboard is neither listed nor readable, so only its id '
                    '(dashboard.id of the task that deleted it) can reach it')


def validate(params):
    """Everything that can be checked without a request. Returns (name, widgets, cover_image,
    warnings, pages); the widgets still hold {thing, variable} references. Raises ValidationError. The
    widgets are checked here, not by the argument spec, so that an error names the widget. ``pages``
    (None unless given or imported from a template with pages) makes it a v3 dashboard."""
    if params['id'] is not None and not is_uuid(params['id']):
        raise ValidationError('id must be a dashboard UUID, got %r' % params['id'])
    if params['restore'] and (params['id'] is None or params['state'] != 'present' or params['clone_from']):
        raise ValidationError(RESTORE_NEEDS_ID if params['id'] is None
                              else 'restore goes with state=present and without clone_from')
    warnings = []
    name, widgets, cover_image, pages = params['name'], None, params['cover_image'], None
    if params['platform'] == 'qubitro':
        given = [k for k in ('widgets', 'pages', 'template', 'clone_from', 'cover_image', 'thing_map')
                 if params[k] is not None]
        if params['state'] == 'absent' or given:
            raise ValidationError('%s%s' % (
                'state=absent: ' if params['state'] == 'absent' else '%s: ' % ', '.join(given), QUBITRO_READ_ONLY))
    if params['thing_map'] is not None and params['template'] is None and params['clone_from'] is None:
        raise ValidationError('thing_map needs template or clone_from')
    tpl.check_thing_map(params['thing_map'])
    if params['state'] == 'present':
        if params['template'] is not None:
            template = tpl.load_template(params['template'])
            widgets, pages = tpl.template_to_dashboard(template, params['thing_map'])
            warnings.extend(wt.layout_warnings(template.get('widgets')))
            name = name if name is not None else template.get('name')
            if cover_image is None:
                cover_image = template.get('cover_image')
        else:
            widgets = dsh.validate_widgets(_given_widgets(params['widgets']))
            if params['pages'] is not None:
                pages = dsh.validate_pages([dict(p, widgets=_given_widgets(p.get('widgets'))) if isinstance(p, dict) else p
                                            for p in params['pages']], widgets)
        warnings.extend(wt.type_warnings(dsh.all_widgets(widgets, pages)))
        if params['clone_from'] is not None and name is None:
            raise ValidationError('clone_from needs name, the name of the copy')
    if name is None and params['id'] is None:
        raise ValidationError('name or id is required%s' % (
            ' (the template has no name)' if params['template'] is not None else ''))
    if name is not None:
        dsh.validate_dashboard_name(name)
    if cover_image is not None and (not isinstance(cover_image, str) or len(cover_image) > 1024):
        raise ValidationError('cover_image must be a string of at most 1024 characters')
    return name, widgets, cover_image, warnings, pages


def _resolve_pages(pages, things):
    return [dict(page, widgets=th.resolve_widget_variables(page['widgets'], things)) for page in pages]


def _given_widgets(widgets):
    """A key given as null means the same as a key left out: "keep current"."""
    if widgets is None:
        return None
    return [dict((k, v) for k, v in w.items() if v is not None) if isinstance(w, dict) else w for w in widgets]


def run_qubitro(module, client, name):
    """Find the Qubitro dashboard; it can only be read."""
    params = module.params
    raw = _lookup.find_qubitro_dashboard(client, dashboard_id=params['id'], name=None if params['id'] else name)
    if raw is None:
        module.fail_json(msg='Qubitro dashboard %s not found, and %s'
                         % (params['id'] or repr(name), QUBITRO_READ_ONLY))
    if name is not None and raw.get('name') != name:
        module.fail_json(msg='renaming: %s' % QUBITRO_READ_ONLY)
    dashboard = dsh.normalize_qubitro_dashboard(raw)
    return False, dashboard, dashboard


def run_absent(module, client, name):
    """Delete the dashboard if it is there (soft, or for good with force)."""
    params = module.params
    raw = _lookup.find_dashboard(client, dashboard_id=params['id'], name=None if params['id'] else name)
    if raw is None:
        if params['force'] and params['id'] is not None:
            return purge_soft_deleted(module, client, params['id'])
        return False, {}, {}
    before = dsh.normalize_dashboard(raw)
    if not module.check_mode:
        module.writes.call(client.delete_dashboard, raw['id'], force=params['force'])
    return True, before, {}


def purge_soft_deleted(module, client, dashboard_id):
    """A dashboard given by id that cannot be read may be soft-deleted: a forced DELETE purges it
    (the API has no other way to see one). Its 404 means there is nothing to purge."""
    if module.check_mode:
        module.warn('dashboard %s cannot be read; if it is soft-deleted, the real run purges it (the API shows '
                    'soft-deleted dashboards to nothing but a forced delete)' % dashboard_id)
        return False, {}, {}
    try:
        module.writes.call(client.delete_dashboard, dashboard_id, force=True)
    except NotFound:
        return False, {}, {}
    # Nothing of it can be read; the id is all there is to return.
    return True, {'id': dashboard_id.lower(), 'name': None, 'cover_image': None, 'widgets': {}}, {}


def restore(module, client, dashboard_id):
    """Bring a soft-deleted dashboard back with ``soft_deleted: false`` (a PATCH, which keeps its
    widgets); returns it as the server answered, or None in check mode."""
    if module.check_mode:
        module.warn('dashboard %s cannot be read; if it is soft-deleted, the real run restores it' % dashboard_id)
        return None
    try:
        return module.writes.call(client.patch_dashboard, dashboard_id, {'soft_deleted': False})
    except NotFound:
        module.fail_json(msg='dashboard %s not found %s, neither live nor soft-deleted' % (dashboard_id, THIS_ORGANIZATION))


def run_clone(module, client, name):
    """Copy clone_from as name unless a dashboard named name exists already."""
    params = module.params
    existing = _lookup.find_dashboard(client, name=name)
    if existing is not None:
        current = dsh.normalize_dashboard(existing)
        return False, current, current
    source_raw = _lookup.find_dashboard(client, ident=params['clone_from'])
    if source_raw is None:
        what = 'clone_from: dashboard %r' % params['clone_from']
        if module.check_mode:
            module.warn('%s does not exist yet; in check mode this is taken to be a dashboard that an '
                        'earlier task creates' % what)
            return True, {}, {'id': None, 'name': name, 'cover_image': None, 'widgets': {}}
        module.fail_json(msg='%s not found %s' % (what, THIS_ORGANIZATION))
    source = dsh.normalize_dashboard(source_raw)
    things, overrides = [], []
    if params['thing_map']:
        things = client.list_things(show_properties=True)
        overrides = cln.clone_overrides(source, params['thing_map'], things)
    if module.check_mode:
        return True, {}, cln.predict_clone(source, name, overrides, things)
    # The copy's name is the server's choice, so a clone whose answer is lost can only be found
    # again as the one new dashboard: the ids that exist before it are read first.
    before = [d.get('id') for d in client.list_dashboards()]
    copied = module.writes.call(client.clone_dashboard, source_raw['id'], overrides=overrides, existing=before)
    renamed = module.writes.call(client.patch_dashboard, copied['id'], {'name': name})
    copy = dsh.normalize_dashboard(renamed)
    moved = cln.remap_options(copy, cln.option_id_map(overrides, things))
    if dsh.dashboard_differs(copy, moved):
        # Property ids inside Advanced Chart / Image Map options still name the source's things.
        copy = dsh.normalize_dashboard(module.writes.call(client.update_dashboard, copied['id'],
                                                          dsh.dashboard_payload(moved, renamed)))
    return True, {}, copy


def run_present(module, client, name, widgets, cover_image, pages=None):
    """Create the dashboard or update it to match, through the shared plan step (on dashboards v3
    when it has ``pages``)."""
    params = module.params
    things = None
    if th.variable_references(dsh.all_widgets(widgets, pages)):
        # References resolve (or fail) before anything else is read.
        things = client.list_things(show_properties=True)
        widgets = th.resolve_widget_variables(widgets, things) if widgets is not None else None
        pages = _resolve_pages(pages, things) if pages is not None else None
    if pages is not None:
        client = client.v3()
    raw = _lookup.find_dashboard(client, dashboard_id=params['id'], name=None if params['id'] else name)
    restored = False
    if raw is None and params['id'] is not None and params['restore']:
        raw = restore(module, client, params['id'])
        if raw is None:
            return True, {}, dict({'id': params['id'].lower(), 'name': name, 'cover_image': cover_image, 'widgets': {}},
                                  **({'pages': []} if pages is not None else {}))
        restored = True
    if raw is None and params['id'] is not None:
        module.fail_json(msg='dashboard %s not found %s; give name instead of id to create a dashboard, or '
                         'restore: true if it is soft-deleted' % (params['id'], THIS_ORGANIZATION))
    unbound = _plan.unbound_property_ids(dsh.all_widgets(widgets, pages), raw)
    if unbound:
        # A property UUID the widget does not have yet is checked, so the server never refuses it.
        things = things if things is not None else client.list_things(show_properties=True)
        unknown = unbound - th.property_ids(things)
        placed = [('widgets[%d]' % i, w) for i, w in enumerate(widgets or [])]
        for pindex, page in enumerate(pages or []):
            placed.extend(('pages[%d] widgets[%d]' % (pindex, i), w) for i, w in enumerate(page['widgets']))
        for where, widget in placed:
            named = sorted(unknown & set(v for v in widget.get('variables') or [] if isinstance(v, str)))
            if named:
                raise ValidationError('%s %r: variable %s is not a property of any thing in this organization'
                                      % (where, widget['name'], ', '.join(named)))
    if things is not None:
        for warning in wt.permission_warnings(dsh.all_widgets(widgets, pages), things):
            module.warn(warning)
    plan = _plan.plan_dashboard(raw, name, widgets=widgets, cover_image=cover_image,
                                purge_widgets=params['purge_widgets'], organization=params['organization'],
                                pages=pages)
    before = {} if restored else plan['before'] or {}
    if plan['action'] == 'unchanged':
        return restored, before, plan['before']
    if module.check_mode:
        return True, before, plan['after']
    return True, before, _apply.write_dashboard(client, plan, module.writes)


def execute(module, client, validated):
    """Run the one operation the parameters ask for; the result of M(dashboard)."""
    name, widgets, cover_image, warnings, pages = validated
    for warning in warnings:
        module.warn(warning)
    params = module.params
    if params['platform'] == 'qubitro':
        changed, before, after = run_qubitro(module, client, name)
    elif params['state'] == 'absent':
        changed, before, after = run_absent(module, client, name)
    elif params['clone_from'] is not None:
        changed, before, after = run_clone(module, client, name)
    else:
        changed, before, after = run_present(module, client, name, widgets, cover_image, pages)
    result = dict(changed=changed, dashboard=before if params['state'] == 'absent' else after)
    return module.with_diff(result, before, after)
