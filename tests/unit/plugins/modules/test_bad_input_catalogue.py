# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input catalogue (issue 9): bad inputs to the five modules, each driven through main().

Every case must fail with one line (no newline) that contains the expected words (the option, and the
widget or definition and the key where there is one), with ``changed: false``. A case the modules can
refuse alone must send no request at all: the in-memory cloud sees no call, and the same input with the
real client factory, pointed at a local socket, opens no connection (so no token request either). Where
only the server can tell (an unknown thing, property or dashboard), only reads go out and no write.

The table is the catalogue: add a row for each new refusal."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import json
import socket
import threading

import pytest

from ansible.module_utils import basic
from ansible.module_utils.basic import remove_values
from ansible.module_utils.testing import patch_module_args

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _base
from ansible_collections.iotcloud.dashboards.plugins.modules import (
    dashboard, dashboard_info, dashboard_share, dashboard_sync, widget_link)
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import (
    ACME, ALICE, TEMP, FakeArduino)

MODULES = {'dashboard': dashboard, 'dashboard_info': dashboard_info, 'dashboard_share': dashboard_share,
           'widget_link': widget_link, 'dashboard_sync': dashboard_sync}
ENVIRONMENT = ('ARDUINO_CLOUD_CLIENT', 'ARDUINO_CLOUD_SECRET', 'ARDUINO_CLOUD_ORGANIZATION', 'QUBITRO_API_KEY',
               'IOT_API_URL', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')
QUBITRO = {'platform': 'qubitro', 'api_key': 'QB_demo-key', 'client_id': None, 'client_secret': None,
           'organization': None}
NO_SUCH_UUID = '0e000000-0000-4000-8000-0000000000ee'
W = {'name': 'W', 'type': 'Value', 'width': 1, 'height': 1}
NAN_GAUGE = {'name': 'Gauge', 'type': 'Gauge', 'width': 2, 'height': 2, 'options': {'range': {'min': float('nan')}}}
INF_PAGE = {'name': 'P', 'widgets': [{'name': 'Chart', 'type': 'Chart', 'width': 2, 'height': 2,
                                      'options': {'marks': [1, float('inf')]}}]}
SEED = [{'name': 'Existing', 'shared_with': [ALICE], 'widgets': [
    {'id': '30000000-0000-4000-8000-000000000001', 'name': 'T', 'type': 'Value', 'x': 0, 'y': 0, 'width': 1,
     'height': 1, 'options': {}, 'variables': [TEMP]}]}]

Case = collections.namedtuple('Case', 'id module args expect server refused_write')


def case(ident, module, args, *expect, **kwargs):
    """One row: ``server=True`` when only the server can tell (reads allowed, no write);
    ``refused_write`` names the one write whose refusal is the server's only way to tell."""
    refused = kwargs.get('refused_write')
    return Case(ident, module, args, expect, kwargs.get('server', False) or refused is not None, refused)


def widget(**changes):
    result = dict(W)
    result.update(changes)
    return dict((k, v) for k, v in result.items() if v is not None)


def template_file(tmp_name):
    return '/nonexistent/%s.json' % tmp_name


CASES = [
    # ---- dashboard: identity and flags --------------------------------------------------------------
    case('dashboard-no-name-no-id', 'dashboard', {}, 'name or id is required'),
    case('dashboard-id-not-uuid', 'dashboard', {'id': 'dash-1'}, 'id must be a dashboard UUID', "'dash-1'"),
    case('dashboard-restore-without-id', 'dashboard', {'name': 'G', 'restore': True}, 'restore needs id'),
    case('dashboard-restore-with-absent', 'dashboard', {'id': NO_SUCH_UUID, 'restore': True, 'state': 'absent'},
         'restore goes with state=present'),
    case('dashboard-restore-with-clone', 'dashboard',
         {'id': NO_SUCH_UUID, 'name': 'C', 'restore': True, 'clone_from': 'Existing'}, 'restore goes with',
         'without clone_from'),
    case('dashboard-name-empty', 'dashboard', {'name': ''}, 'dashboard name must be a non-empty string'),
    case('dashboard-name-too-long', 'dashboard', {'name': 'x' * 65}, 'dashboard name must be at most 64 characters'),
    case('dashboard-state-choice', 'dashboard', {'name': 'G', 'state': 'deleted'}, 'state', 'present, absent'),
    case('dashboard-bool-purge-widgets', 'dashboard', {'name': 'G', 'purge_widgets': 'maybe'}, 'purge_widgets'),
    case('dashboard-unknown-option', 'dashboard', {'name': 'G', 'widget': [W]}, 'widget', 'Unsupported parameters'),
    case('dashboard-cover-image-too-long', 'dashboard', {'name': 'G', 'cover_image': 'h' * 1025},
         'cover_image must be a string of at most 1024 characters'),
    case('dashboard-clone-without-name', 'dashboard', {'id': NO_SUCH_UUID, 'clone_from': 'Existing'},
         'clone_from needs name'),
    case('dashboard-thing-map-without-template', 'dashboard', {'name': 'G', 'thing_map': {'a': 'b'}},
         'thing_map needs template or clone_from'),
    case('dashboard-widgets-and-template', 'dashboard', {'name': 'G', 'widgets': [W], 'template': {'widgets': []}},
         'mutually exclusive', 'widgets', 'template'),
    case('dashboard-cover-image-and-clone', 'dashboard', {'name': 'G', 'cover_image': 'x', 'clone_from': 'Existing'},
         'mutually exclusive', 'cover_image', 'clone_from'),
    # ---- dashboard: widgets -------------------------------------------------------------------------
    case('widgets-element-not-dict', 'dashboard', {'name': 'G', 'widgets': ['Temperature']}, 'widgets'),
    case('widget-no-name', 'dashboard', {'name': 'G', 'widgets': [widget(name=None)]},
         'widgets[0]: name is required'),
    case('widget-blank-name', 'dashboard', {'name': 'G', 'widgets': [widget(name='  ')]},
         'widgets[0]: name is required'),
    case('widget-unknown-key', 'dashboard', {'name': 'G', 'widgets': [W, widget(name='V', colour='red')]},
         "widgets[1] 'V'", 'unknown key colour', 'known keys are'),
    case('widget-no-type', 'dashboard', {'name': 'G', 'widgets': [widget(type=None)]},
         "widgets[0] 'W'", 'type is required'),
    case('widget-no-width', 'dashboard', {'name': 'G', 'widgets': [widget(width=None)]},
         "widgets[0] 'W'", 'width is required'),
    case('widget-negative-height', 'dashboard', {'name': 'G', 'widgets': [widget(height=-1)]},
         "widgets[0] 'W'", 'height must be a non-negative integer', '-1'),
    case('widget-bool-x', 'dashboard', {'name': 'G', 'widgets': [widget(x=True)]},
         "widgets[0] 'W'", 'x must be a non-negative integer', 'True'),
    case('widget-fraction-y', 'dashboard', {'name': 'G', 'widgets': [widget(y='1.5')]},
         "widgets[0] 'W'", 'y must be a non-negative integer', "'1.5'"),
    case('widget-text-width-mobile', 'dashboard', {'name': 'G', 'widgets': [widget(width_mobile='wide')]},
         "widgets[0] 'W'", 'width_mobile must be a non-negative integer'),
    case('widget-id-not-uuid', 'dashboard', {'name': 'G', 'widgets': [widget(id='w-1')]},
         "widgets[0] 'W'", 'id must be a UUID', "'w-1'"),
    case('widget-options-list', 'dashboard', {'name': 'G', 'widgets': [widget(options=['showLabels'])]},
         "widgets[0] 'W'", 'options must be a dict'),
    case('widget-variables-string', 'dashboard', {'name': 'G', 'widgets': [widget(variables='temperature')]},
         "widgets[0] 'W'", 'variables must be a list'),
    case('widget-variable-name-only', 'dashboard', {'name': 'G', 'widgets': [widget(variables=['temperature'])]},
         "widgets[0] 'W'", 'variables[0] must be a property UUID or a {thing, variable} reference'),
    case('widget-variable-number', 'dashboard', {'name': 'G', 'widgets': [widget(variables=[42])]},
         "widgets[0] 'W'", 'variables[0] must be a property UUID'),
    case('widget-variable-unknown-key', 'dashboard',
         {'name': 'G', 'widgets': [widget(variables=[{'thing_id': 'greenhouse', 'variable': 'temperature'}])]},
         "widgets[0] 'W'", 'variables[0] has unknown keys thing_id', 'only thing and variable'),
    case('widget-variable-no-variable', 'dashboard',
         {'name': 'G', 'widgets': [widget(variables=[{'thing': 'greenhouse'}])]},
         "widgets[0] 'W'", 'variables[0].variable is required'),
    case('widget-variable-empty-thing', 'dashboard',
         {'name': 'G', 'widgets': [widget(variables=[{'thing': '', 'variable': 'temperature'}])]},
         "widgets[0] 'W'", 'variables[0].thing is required'),
    case('widget-variable-twice', 'dashboard', {'name': 'G', 'widgets': [widget(variables=[TEMP, TEMP.upper()])]},
         "widgets[0] 'W'", 'variables[1]', 'listed twice'),
    case('widgets-duplicate-name', 'dashboard', {'name': 'G', 'widgets': [W, dict(W)]},
         "widgets[1] 'W'", 'duplicate name'),
    case('widgets-duplicate-id', 'dashboard',
         {'name': 'G', 'widgets': [widget(id=NO_SUCH_UUID), widget(name='V', id=NO_SUCH_UUID)]},
         "widgets[1] 'V'", 'id %s is also given to widget' % NO_SUCH_UUID),
    # ---- dashboard: templates -----------------------------------------------------------------------
    case('template-missing-file', 'dashboard', {'name': 'G', 'template': template_file('missing')},
         'template file', 'cannot be read'),
    case('template-not-yaml', 'dashboard', {'name': 'G', 'template': '{"name": "G",\n "widgets": [}'},
         'the template text is neither JSON nor YAML'),
    case('template-not-mapping', 'dashboard', {'name': 'G', 'template': '- a\n- b\n'},
         'the template text must hold a mapping'),
    case('template-widgets-not-list', 'dashboard', {'template': {'name': 'G', 'widgets': {'a': 1}}},
         'template widgets must be a list'),
    case('template-widget-no-type', 'dashboard', {'template': {'name': 'G', 'widgets': [{'name': 'A'}]}},
         'template widgets[0]: type is required'),
    case('template-variable-no-ids', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'name': 'A', 'type': 'Value', 'variables': [{'thing_id': 't'}]}]}},
         "template widget 'A'", 'variables[0] needs thing_id and variable_id'),
    case('template-pages', 'dashboard',
         {'template': {'name': 'G', 'pages': [{'name': 'Second'}], 'widgets': []}},
         'template pages[0] needs an id and a name', 'Second'),
    case('template-unused-thing-map', 'dashboard',
         {'template': {'name': 'G', 'widgets': []}, 'thing_map': {'sensor': 'greenhouse'}},
         'thing_map has keys that the template does not use: sensor'),
    case('template-no-name', 'dashboard', {'template': {'widgets': []}}, 'name or id is required',
         'the template has no name'),
    case('template-name-number', 'dashboard', {'template': {'name': 5, 'widgets': []}},
         'template name must be a non-empty string', '5'),
    case('template-widget-not-mapping', 'dashboard', {'template': {'name': 'G', 'widgets': ['Value']}},
         'template widgets[0] must be a mapping', "'Value'"),
    case('template-widget-type-list', 'dashboard', {'template': {'name': 'G', 'widgets': [{'type': ['Value']}]}},
         'template widgets[0]: type is required and must be a non-empty string', "['Value']"),
    case('template-widget-name-list', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': ['A']}]}},
         'template widgets[0]: name must be a string', "['A']"),
    case('template-widget-options-text', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'options': 'frameless'}]}},
         "template widgets[0] 'A': options must be a mapping", "'frameless'"),
    case('template-widget-variables-text', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'variables': 'temperature'}]}},
         "template widgets[0] 'A': variables must be a list"),
    case('template-variable-thing-list', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'variables': [
             {'thing_id': ['greenhouse'], 'variable_id': 'temperature'}]}]}},
         "template widgets[0] 'A': variables[0]: thing_id must be a non-empty string"),
    case('template-variable-id-mapping', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'variables': [
             {'thing_id': 'greenhouse', 'variable_id': {'name': 'temperature'}}]}]}},
         "template widgets[0] 'A': variables[0]: variable_id must be a non-empty string"),
    case('template-page-id-list', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'page_id': [2]}]}},
         "template widgets[0] 'A': page_id must be a string"),
    case('template-thing-map-number', 'dashboard',
         {'template': {'name': 'G', 'widgets': [{'type': 'Value', 'name': 'A', 'variables': [
             {'thing_id': 'sensor', 'variable_id': 'temperature'}]}]}, 'thing_map': {'sensor': 5}},
         "thing_map['sensor'] must be the name or id of a thing", '5'),
    case('clone-thing-map-empty', 'dashboard', {'name': 'Copy', 'clone_from': 'Existing', 'thing_map': {'a': ' '}},
         "thing_map['a'] must be the name or id of a thing"),
    # ---- dashboard: connection options (the same checks serve every module) --------------------------
    case('connection-no-secret', 'dashboard', {'name': 'G', 'client_secret': None},
         'platform arduino needs client_secret'),
    case('connection-no-client-id', 'dashboard_info', {'client_id': None}, 'platform arduino needs client_id'),
    case('connection-blank-secret', 'dashboard', {'name': 'G', 'client_secret': ' '},
         'platform arduino needs client_secret (or the environment variables'),
    case('connection-blank-client-id', 'dashboard_sync', {'dashboards': [], 'client_id': '\t'},
         'platform arduino needs client_id'),
    case('connection-blank-api-key', 'dashboard_info', dict(QUBITRO, api_key='  '),
         'platform qubitro needs api_key (or the environment variable QUBITRO_API_KEY)'),
    case('connection-organization-not-uuid', 'dashboard', {'name': 'G', 'organization': 'acme'},
         'organization must be an organization UUID', "'acme'"),
    case('connection-api-key-on-arduino', 'dashboard_share', {'dashboard': 'Existing', 'api_key': 'QB_x'},
         'api_key is a Qubitro option'),
    case('connection-client-id-on-qubitro', 'dashboard_info', dict(QUBITRO, client_id='demo-client'),
         'client_id is an Arduino option'),
    case('connection-qubitro-no-key', 'dashboard_info', dict(QUBITRO, api_key=None), 'platform qubitro needs api_key'),
    case('connection-timeout-zero', 'dashboard', {'name': 'G', 'timeout': 0}, 'timeout must be a positive number'),
    case('connection-timeout-nan', 'dashboard', {'name': 'G', 'timeout': 'nan'},
         'timeout must be a positive number of seconds up to 86400, got nan'),
    case('connection-timeout-inf', 'dashboard_info', {'timeout': 'inf'}, 'timeout must be a positive number', 'inf'),
    case('connection-timeout-huge', 'dashboard_share', {'dashboard': 'Existing', 'timeout': 1e10},
         'timeout must be a positive number of seconds up to 86400'),
    case('connection-rate-limit-nan', 'dashboard_sync', {'dashboards': [], 'rate_limit': 'nan'},
         'rate_limit must be a positive number of requests per second, at least 0.01, got nan'),
    case('connection-rate-limit-inf', 'dashboard', {'name': 'G', 'rate_limit': 'inf'},
         'rate_limit must be a positive number', 'inf'),
    case('connection-url-port-range', 'dashboard', {'name': 'G', 'api_url': 'https://api2.arduino.cc:99999'},
         'api_url must be an https:// URL with a host', 'Port out of range'),
    case('connection-url-port-zero', 'widget_link', {'dashboard': 'D', 'widget': 'T', 'variables': [TEMP],
                                                     'api_url': 'http://127.0.0.1:0'},
         'api_url must be an https:// URL with a valid host and port'),
    case('connection-url-bad-ipv6', 'dashboard_info', {'api_url': 'https://[::1'},
         "api_url must be an https:// URL with a host, got 'https://[::1' (Invalid IPv6 URL)"),
    case('connection-url-space', 'dashboard_sync', {'dashboards': [], 'api_url': 'https://api2 .arduino.cc'},
         'api_url must be an https:// URL with a valid host and port', 'api2 .arduino.cc'),
    case('connection-url-userinfo-hidden', 'dashboard', {'name': 'G', 'api_url': 'https://me:pw@[::1/iot'},
         "api_url must be an https:// URL with a host, got 'https://[::1/iot'"),
    case('connection-retries-negative', 'dashboard_sync', {'dashboards': [], 'retries': -1},
         'retries must be from 0 to 20, got -1'),
    case('widget-option-nan', 'dashboard', {'name': 'G', 'widgets': [NAN_GAUGE]},
         "widgets[0] 'Gauge': options.range.min is nan; JSON has no NaN or Infinity"),
    case('sync-page-widget-option-inf', 'dashboard_sync', {'dashboards': [{'name': 'G', 'pages': [INF_PAGE]}]},
         "dashboards[0] 'G': pages[0] 'P': widgets[0] 'Chart': options.marks[1] is inf"),
    case('connection-retries-huge', 'dashboard', {'name': 'G', 'retries': 10 ** 6},
         'retries must be from 0 to 20, got 1000000'),
    case('connection-rate-limit-tiny', 'dashboard_info', {'rate_limit': 1e-300},
         'rate_limit must be a positive number of requests per second, at least 0.01', '1e-300'),
    case('connection-rate-limit-zero', 'widget_link', {'dashboard': 'D', 'widget': 'T', 'variables': [TEMP],
                                                       'rate_limit': 0}, 'rate_limit must be a positive number'),
    case('connection-plain-http', 'dashboard', {'name': 'G', 'api_url': 'http://api.example.com'},
         'refusing to send credentials over plain http', 'api.example.com'),
    case('connection-url-no-scheme', 'dashboard_info', {'api_url': 'api2.arduino.cc'},
         'api_url must be an https:// URL with a host'),
    case('connection-ca-path-missing', 'dashboard_share', {'dashboard': 'Existing', 'ca_path': '/nonexistent/ca.pem'},
         'ca_path /nonexistent/ca.pem: no such file'),
    case('connection-platform-choice', 'dashboard', {'name': 'G', 'platform': 'azure'}, 'platform', 'arduino, qubitro'),
    # ---- dashboard on Qubitro ----------------------------------------------------------------------
    case('qubitro-dashboard-widgets', 'dashboard', dict(QUBITRO, name='G', widgets=[W]), 'widgets:',
         'the Qubitro API cannot create, update or delete dashboards'),
    case('qubitro-dashboard-absent', 'dashboard', dict(QUBITRO, name='G', state='absent'), 'state=absent',
         'the Qubitro API cannot'),
    # ---- dashboard: pages (Arduino v3) ---------------------------------------------------------------
    case('pages-element-not-dict', 'dashboard', {'name': 'G', 'pages': ['Second']}, 'pages'),
    case('pages-no-name', 'dashboard', {'name': 'G', 'pages': [{'widgets': [W]}]}, 'pages[0]', 'name'),
    case('pages-widget-no-width', 'dashboard', {'name': 'G', 'pages': [{'name': 'P', 'widgets': [widget(width=None)]}]},
         'pages[0]', "'W'", 'width is required'),
    case('sync-pages-widget-bad-variable', 'dashboard_sync',
         {'dashboards': [{'name': 'G', 'pages': [{'name': 'P', 'widgets': [widget(variables=['fan'])]}]}]},
         "dashboards[0] 'G'", 'pages[0]', "'W'", 'variables[0] must be a property UUID'),
    # ---- dashboard_info ------------------------------------------------------------------------------
    case('info-id-not-uuid', 'dashboard_info', {'id': 'Existing'}, 'id must be a dashboard UUID', "'Existing'"),
    case('info-include-choice', 'dashboard_info', {'include': ['widgets']}, 'include', 'shares, devices, template, spec'),
    case('info-unknown-option', 'dashboard_info', {'filter': 'x'}, 'filter', 'Unsupported parameters'),
    case('info-qubitro-include-shares', 'dashboard_info', dict(QUBITRO, include=['shares']),
         'include=shares is not supported by the Qubitro API'),
    case('info-qubitro-thing', 'dashboard_info', dict(QUBITRO, thing='greenhouse'),
         'thing is an Arduino filter'),
    # ---- dashboard_share -----------------------------------------------------------------------------
    case('share-no-dashboard', 'dashboard_share', {'users': ['alice']}, 'dashboard', 'missing required arguments'),
    case('share-state-choice', 'dashboard_share', {'dashboard': 'Existing', 'state': 'shared'}, 'state',
         'present, absent, requested'),
    case('share-user-number', 'dashboard_share', {'dashboard': 'Existing', 'users': [5]},
         'users[0] must be a username or a dict with username or user_id', '5'),
    case('share-user-both-keys', 'dashboard_share',
         {'dashboard': 'Existing', 'users': [{'username': 'alice', 'user_id': ALICE}]},
         'users[0]: give exactly one of username or user_id'),
    case('share-user-neither-key', 'dashboard_share', {'dashboard': 'Existing', 'users': [{}]},
         'users[0]: give exactly one of username or user_id'),
    case('share-user-id-not-uuid', 'dashboard_share', {'dashboard': 'Existing', 'users': [{'user_id': 'alice'}]},
         'users[0]: user_id must be a user UUID', "'alice'"),
    case('share-user-email-key', 'dashboard_share', {'dashboard': 'Existing', 'users': [{'email': 'a@b.c'}]},
         'users[0]: email not allowed here', 'allowed: username, user_id'),
    case('share-user-empty-name', 'dashboard_share', {'dashboard': 'Existing', 'users': ['  ']},
         'users[0]: username must be a non-empty string'),
    case('share-user-twice', 'dashboard_share', {'dashboard': 'Existing', 'users': ['alice', {'username': 'Alice'}]},
         "users[1]: username 'Alice' is listed twice"),
    case('share-groups-on-arduino', 'dashboard_share', {'dashboard': 'Existing', 'groups': [{'id': 'g1',
                                                                                             'role': 'readonly'}]},
         'groups are a Qubitro option'),
    case('share-message-not-requested', 'dashboard_share', {'dashboard': 'Existing', 'request_message': 'hi'},
         'request_message is only used with state=requested'),
    case('share-exclusive-absent', 'dashboard_share', {'dashboard': 'Existing', 'users': ['bob'], 'state': 'absent',
                                                       'exclusive': True},
         'exclusive is only used with state=present'),
    case('share-requested-with-users', 'dashboard_share', {'dashboard': 'Existing', 'state': 'requested',
                                                           'users': ['bob']},
         'state=requested', 'users and groups are not used'),
    case('share-qubitro-absent', 'dashboard_share', dict(QUBITRO, dashboard='D', state='absent',
                                                         users=[{'email': 'a@b.io', 'role': 'readonly'}]),
         'state=absent is not supported for platform qubitro'),
    case('share-qubitro-exclusive', 'dashboard_share', dict(QUBITRO, dashboard='D', exclusive=True,
                                                            users=[{'email': 'a@b.io', 'role': 'readonly'}]),
         'exclusive=true is not supported for platform qubitro'),
    case('share-qubitro-requested', 'dashboard_share', dict(QUBITRO, dashboard='D', state='requested'),
         'state=requested (a share request) is not supported by the Qubitro API'),
    case('share-qubitro-user-without-role', 'dashboard_share', dict(QUBITRO, dashboard='D', users=['a@b.io']),
         'users[0]: a Qubitro invitation needs a role'),
    case('share-qubitro-bad-email', 'dashboard_share', dict(QUBITRO, dashboard='D',
                                                            users=[{'email': 'alice', 'role': 'readonly'}]),
         'users[0]: email must be an e-mail address', "'alice'"),
    case('share-qubitro-bad-role', 'dashboard_share', dict(QUBITRO, dashboard='D',
                                                           users=[{'email': 'a@b.io', 'role': 'read only'}]),
         'users[0]: role must be owner, admin, readwrite, readonly or a custom role id'),
    case('share-qubitro-no-role', 'dashboard_share', dict(QUBITRO, dashboard='D', users=[{'email': 'a@b.io'}]),
         'users[0]: role is required'),
    case('share-qubitro-nobody', 'dashboard_share', dict(QUBITRO, dashboard='D'), 'give users or groups to invite'),
    case('share-qubitro-group-id-and-name', 'dashboard_share',
         dict(QUBITRO, dashboard='D', groups=[{'id': 'g1', 'name': 'ops', 'role': 'readonly'}]),
         'groups[0]: give exactly one of id or name'),
    case('share-qubitro-email-twice', 'dashboard_share',
         dict(QUBITRO, dashboard='D', users=[{'email': 'a@b.io', 'role': 'readonly'},
                                             {'email': 'A@b.io', 'role': 'admin'}]),
         "users[1]: email 'A@b.io' is listed twice"),
    # ---- widget_link ---------------------------------------------------------------------------------
    case('link-present-without-variables', 'widget_link', {'dashboard': 'Existing', 'widget': 'T'},
         'state is present but all of the following are missing: variables'),
    case('link-no-widget', 'widget_link', {'dashboard': 'Existing', 'variables': [TEMP]}, 'widget',
         'missing required arguments'),
    case('link-variable-name-only', 'widget_link', {'dashboard': 'Existing', 'widget': 'T', 'variables': 'fan'},
         'variables[0] must be a property UUID or a {thing, variable} reference', "'fan'"),
    case('link-variable-unknown-key', 'widget_link',
         {'dashboard': 'Existing', 'widget': 'T', 'variables': [{'thing': 'greenhouse', 'property': 'fan'}]},
         'variables[0] has unknown keys property'),
    case('link-variable-twice', 'widget_link', {'dashboard': 'Existing', 'widget': 'T', 'variables': [TEMP, TEMP]},
         'variables[1]', 'listed twice'),
    case('link-qubitro', 'widget_link', dict(QUBITRO, dashboard='D', widget='T', variables=[TEMP]),
         'binding widget variables is not supported by the Qubitro API'),
    # ---- dashboard_sync ------------------------------------------------------------------------------
    case('sync-no-dashboards', 'dashboard_sync', {}, 'dashboards', 'missing required arguments'),
    case('sync-qubitro', 'dashboard_sync', dict(QUBITRO, dashboards=[]),
         'dashboard_sync (writing dashboards) is not supported by the Qubitro API'),
    case('sync-bool-purge', 'dashboard_sync', {'dashboards': [], 'purge': 'sometimes'}, 'purge'),
    case('sync-definition-string', 'dashboard_sync', {'dashboards': ['Greenhouse']},
         'dashboards[0] must be a dict with name, widgets, cover_image and shares'),
    case('sync-definition-no-name', 'dashboard_sync', {'dashboards': [{'widgets': [W]}]},
         'dashboards[0]: dashboard name must be a non-empty string'),
    case('sync-definition-long-name', 'dashboard_sync', {'dashboards': [{'name': 'y' * 65}]},
         'dashboards[0]: dashboard name must be at most 64 characters'),
    case('sync-definition-unknown-key', 'dashboard_sync', {'dashboards': [{'name': 'G', 'widget': [W]}]},
         "dashboards[0] 'G'", 'unknown key widget', 'a definition has name, cover_image, widgets, pages, shares'),
    case('sync-definition-twice', 'dashboard_sync', {'dashboards': [{'name': 'G'}, {'name': 'H'}, {'name': 'G'}]},
         "dashboards[2] 'G'", 'the name is also dashboards[0]'),
    case('sync-cover-image-number', 'dashboard_sync', {'dashboards': [{'name': 'G', 'cover_image': 7}]},
         "dashboards[0] 'G'", 'cover_image must be a string'),
    case('sync-widgets-dict', 'dashboard_sync', {'dashboards': [{'name': 'G', 'widgets': {'W': W}}]},
         "dashboards[0] 'G'", 'widgets must be a list'),
    case('sync-widget-no-height', 'dashboard_sync',
         {'dashboards': [{'name': 'G'}, {'name': 'H', 'widgets': [W, widget(name='V', height=None)]}]},
         "dashboards[1] 'H'", "widgets[1] 'V'", 'height is required'),
    case('sync-widget-unknown-key', 'dashboard_sync',
         {'dashboards': [{'name': 'G', 'widgets': [widget(page='2')]}]},
         "dashboards[0] 'G'", "widgets[0] 'W'", 'unknown key page'),
    case('sync-widget-variable-bad', 'dashboard_sync',
         {'dashboards': [{'name': 'G', 'widgets': [widget(variables=['greenhouse.temperature'])]}]},
         "dashboards[0] 'G'", "widgets[0] 'W'", 'variables[0] must be a property UUID'),
    case('sync-shares-string', 'dashboard_sync', {'dashboards': [{'name': 'G', 'shares': 'alice'}]},
         "dashboards[0] 'G'", 'shares must be a list'),
    case('sync-share-both-keys', 'dashboard_sync',
         {'dashboards': [{'name': 'G', 'shares': [{'username': 'alice', 'user_id': ALICE}]}]},
         "dashboards[0] 'G'", 'shares[0]: give exactly one of username or user_id'),
    case('sync-share-twice', 'dashboard_sync', {'dashboards': [{'name': 'G', 'shares': ['bob', 'Bob']}]},
         "dashboards[0] 'G'", "shares[1]: username 'Bob' is listed twice"),
    # ---- only the server can tell: reads, then a one-line refusal, and no write ----------------------
    case('server-dashboard-unknown-thing', 'dashboard',
         {'name': 'G', 'widgets': [widget(variables=[{'thing': 'garage', 'variable': 'door'}])]},
         'garage', server=True),
    case('server-dashboard-unknown-variable', 'dashboard',
         {'name': 'G', 'widgets': [widget(variables=[{'thing': 'greenhouse', 'variable': 'door'}])]},
         'door', server=True),
    case('server-dashboard-unknown-property', 'dashboard',
         {'name': 'G', 'widgets': [W, widget(name='V', variables=[NO_SUCH_UUID])]}, "widgets[1] 'V'", NO_SUCH_UUID,
         'not a property of any thing in organization %s' % ACME, server=True),
    case('server-dashboard-missing-id', 'dashboard', {'id': NO_SUCH_UUID, 'widgets': [W]},
         'dashboard %s not found in organization %s' % (NO_SUCH_UUID, ACME), server=True),
    case('server-dashboard-clone-missing', 'dashboard', {'name': 'Copy', 'clone_from': 'Nowhere'},
         "clone_from: dashboard 'Nowhere' not found", server=True),
    case('server-info-unknown-thing', 'dashboard_info', {'thing': 'garage'}, 'garage', server=True),
    case('server-share-missing-dashboard', 'dashboard_share', {'dashboard': 'Nowhere', 'users': ['alice']},
         "dashboard 'Nowhere' not found in organization %s" % ACME, server=True),
    case('server-link-missing-widget', 'widget_link', {'dashboard': 'Existing', 'widget': 'Gauge', 'variables': [TEMP]},
         "widget 'Gauge' not found in dashboard 'Existing'", 'widgets: T', server=True),
    case('server-link-unknown-property', 'widget_link',
         {'dashboard': 'Existing', 'widget': 'T', 'variables': [NO_SUCH_UUID]},
         "widget 'T'", NO_SUCH_UUID, 'not a property', server=True),
    case('server-link-unknown-thing', 'widget_link',
         {'dashboard': 'Existing', 'widget': 'T', 'variables': [{'thing': 'garage', 'variable': 'door'}]},
         'garage', server=True),
    case('server-sync-unknown-thing', 'dashboard_sync',
         {'dashboards': [{'name': 'G', 'widgets': [widget(variables=[{'thing': 'garage', 'variable': 'x'}])]}]},
         "dashboards[0] 'G'", 'garage', server=True),
    case('server-sync-unknown-property', 'dashboard_sync',
         {'dashboards': [{'name': 'Existing'}, {'name': 'G', 'widgets': [widget(variables=[NO_SUCH_UUID])]}]},
         "dashboards[1] 'G'", NO_SUCH_UUID, 'not a property', server=True),
    # ---- unknown usernames: no endpoint lists users, so the share PUT, refused, is the only way to know ----
    case('server-share-unknown-username', 'dashboard_share', {'dashboard': 'Existing', 'users': ['zed']},
         'PUT /iot/v2/dashboards/', 'HTTP 400', 'user zed not found', refused_write='share_dashboard'),
    case('server-sync-unknown-username', 'dashboard_sync', {'dashboards': [{'name': 'Existing', 'shares': ['zed']}]},
         "'Existing'", 'HTTP 400', 'user zed not found', refused_write='share_dashboard'),
]


def _exit_json(self, **kwargs):
    raise Finished(dict(kwargs, failed=False))


def _fail_json(self, msg, **kwargs):
    # As AnsibleModule.fail_json does: every no_log value is masked in what the user sees.
    raise Finished(remove_values(dict(kwargs, msg=msg, failed=True), self.no_log_values))


class Finished(Exception):
    """exit_json or fail_json was called."""

    def __init__(self, result):
        super(Finished, self).__init__(result)
        self.result = result


@pytest.fixture
def drive(monkeypatch):
    """drive(case, client=None, **extra) -> (result, built): main() of the case's module with its args;
    ``client`` is what the client factory returns (None: the real factory); ``built`` counts its calls."""
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', _fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: None)
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    real = _base.get_client

    def run(row, client=None, **extra):
        built = []

        def factory(module):
            built.append(module)
            return client if client is not None else real(module)
        monkeypatch.setattr(_base, 'get_client', factory)
        params = dict(client_id='demo-client', client_secret='demo-secret', organization=ACME)
        params.update(extra)
        params.update(row.args)
        params = dict((k, v) for k, v in params.items() if v is not None)
        with patch_module_args(params):
            try:
                MODULES[row.module].main()
            except Finished as exc:
                return exc.result, len(built)
        raise AssertionError('main() returned without exit_json or fail_json')
    return run


def check_message(row, result):
    assert result['failed'], 'accepted: %r' % (result,)
    msg = result['msg']
    assert '\n' not in msg and '\r' not in msg, 'not one line: %r' % msg
    assert 'Traceback' not in msg
    for expected in row.expect:
        assert expected in msg, '%r not in %r' % (expected, msg)
    if not row.refused_write:  # after a refused write, changed is the transport's call (maybe_sent)
        assert result.get('changed') is False, 'changed %r after a refusal' % result.get('changed')


@pytest.mark.parametrize('row', CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_in_one_line(drive, row):
    cloud = FakeArduino(dashboards=SEED)
    result, built = drive(row, cloud)
    check_message(row, result)
    if row.refused_write:
        assert [c[0] for c in cloud.writes()] == [row.refused_write], 'writes: %r' % cloud.writes()
        assert list(cloud.shares.values()) == [[ALICE]], 'the refused write changed the shares: %r' % cloud.shares
    elif row.server:
        assert cloud.calls, 'the server-only case %s was decided without asking the server' % row.id
        assert cloud.writes() == [], 'a write went out: %r' % cloud.writes()
    else:
        assert cloud.calls == [], 'requests before refusing: %r' % cloud.calls
        assert built == 0, 'the client was built for input that needs no server'


class Listener(object):
    """A loopback TCP port that counts connections and closes each at once."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = 'http://127.0.0.1:%d' % self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve)
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, dummy = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope='module')
def listener():
    server = Listener()
    yield server
    server.close()


LOCAL = [c for c in CASES if not c.server]


@pytest.mark.parametrize('row', LOCAL, ids=[c.id for c in LOCAL])
def test_bad_input_opens_no_connection_with_the_real_client(drive, listener, row, tmp_path):
    """The real client factory (token request included) against a local port: not one connection."""
    before = listener.connections
    result, dummy = drive(row, api_url=listener.url, token_cache=False, timeout=2, retries=0)
    check_message(row, result)
    assert listener.connections == before, '%s connected to the server' % row.id


def test_catalogue_counts(capsys):
    """At least 60 inputs across the five modules; the counts go to the test output."""
    per_module = collections.Counter(c.module for c in CASES)
    local = collections.Counter(c.module for c in CASES if not c.server)
    with capsys.disabled():
        refused = len([c for c in CASES if c.refused_write])
        print('\nbad-input catalogue: %d cases, %d refused with 0 requests, %d after reads only (no write), '
              '%d by the server refusing the one write (unknown usernames)'
              % (len(CASES), len(LOCAL), len(CASES) - len(LOCAL) - refused, refused))
        for name in sorted(MODULES):
            print('  %-16s %3d cases, %3d with 0 requests' % (name, per_module[name], local[name]))
    assert len(CASES) >= 60 and set(per_module) == set(MODULES)
    assert len(set(c.id for c in CASES)) == len(CASES)
    json.dumps([c.args for c in CASES])  # every row is plain data, as a playbook would give it
