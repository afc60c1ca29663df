# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Qubitro client: a ``Bearer QB_...`` key, one method per endpoint, and the unwrapping of both
response shapes the API has used (the ``{success, ..., data}`` envelope and bare bodies)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError

# Named wrappers of bare list responses, e.g. {"dashboards": [...]}.
_LIST_WRAPPERS = ('dashboards', 'groups', 'projects', 'devices')


def _segment(value):
    return quote(str(value), safe='')


def unwrap(body):
    """The payload of a Qubitro response, whichever shape it came in.

    ``{success, action, status, message, data}`` gives ``data``; a one-key ``{"dashboards": [...]}``
    or ``{"groups": [...]}`` gives the list; bare arrays and objects are returned as they are.
    """
    if isinstance(body, dict) and 'success' in body and 'data' in body:
        body = body['data']
    if isinstance(body, dict) and len(body) == 1:
        key = next(iter(body))
        if key in _LIST_WRAPPERS and isinstance(body[key], list):
            return body[key]
    return body


def _as_list(body):
    return body if isinstance(body, list) else []


class QubitroClient:
    """Qubitro REST API v2 over a ``Transport``."""

    def __init__(self, transport, api_key):
        self.transport = transport
        self._api_key = api_key
        transport.add_secret(api_key)

    def _call(self, method, path, expect=(200,), **kwargs):
        """One call; an enveloped ``success: false`` is an error even under a 2xx status."""
        headers = {'Authorization': 'Bearer %s' % self._api_key, 'Accept': 'application/json'}
        status, body = self.transport.request(method, path, headers=headers, expect=expect,
                                              **kwargs)
        if isinstance(body, dict) and body.get('success') is False:
            raise self.transport.error(ApiError(method, path, status,
                                                str(body.get('message') or 'request failed')))
        return body

    def list_dashboards(self):
        """GET /v2/dashboards: every dashboard the key can see (no filters exist)."""
        return _as_list(unwrap(self._call('GET', '/v2/dashboards')))

    def get_dashboard(self, dashboard_id):
        """GET one dashboard with its widgets; raises NotFound (also for no access)."""
        return unwrap(self._call('GET', '/v2/dashboards/%s' % _segment(dashboard_id)))

    def get_dashboard_devices(self, dashboard_id):
        """GET the devices the dashboard's widgets use."""
        return _as_list(unwrap(self._call(
            'GET', '/v2/dashboards/%s/devices' % _segment(dashboard_id))))

    def invite(self, dashboard_id, users=None, groups=None):
        """POST .../invite for users ``{email, role}`` and groups ``{id, role}``.

        Returns the server's action result (``{success, action, status, message}``). The invite
        sends e-mail, so it is never repeated after a lost answer.
        """
        body = {'users': list(users or []), 'groups': list(groups or [])}
        result = self._call('POST', '/v2/dashboards/%s/invite' % _segment(dashboard_id),
                            expect=(200, 201), json=body)
        return result if isinstance(result, dict) else {}

    def list_groups(self):
        """GET /v2/organization/groups (organization plans only)."""
        return _as_list(unwrap(self._call('GET', '/v2/organization/groups')))

    def list_projects(self):
        """GET /v2/projects."""
        return _as_list(unwrap(self._call('GET', '/v2/projects')))

    def list_project_devices(self, project_id):
        """GET /v2/projects/{id}/devices."""
        return _as_list(unwrap(self._call('GET', '/v2/projects/%s/devices' % _segment(project_id))))
