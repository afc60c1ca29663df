# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Arduino IoT Cloud client: the OAuth2 client-credentials token (cached in a 0600 file so that
tasks and forks reuse it), ``X-Organization``, and one method per dashboards v2 / things endpoint."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import binascii
import hashlib
import json
import os

from urllib.parse import quote

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    ConnectionFailure,
    ServerError,
    Unauthorized,
    default_cache_dir,
    ensure_private_dir,
)

TOKEN_PATH = '/iot/v1/clients/token'
AUDIENCE = 'https://api2.arduino.cc/iot'
DASHBOARDS = '/iot/v2/dashboards'
THINGS = '/iot/v2/things'
TOKEN_MARGIN = 60.0         # a token is used only until this many seconds before it expires
DEFAULT_TOKEN_TTL = 300.0   # the documented lifetime, when the server does not say

# The Accept values the official generated clients send (goa media types; bodies are JSON).
_ERR = 'application/vnd.goa.error+json'
ACCEPT_DASHBOARD = 'application/vnd.arduino.dashboardv2+json, ' + _ERR
ACCEPT_DASHBOARDS = 'application/vnd.arduino.dashboardv2+json; type=collection, ' + _ERR
ACCEPT_SHARES = 'application/vnd.arduino.dashboardshare+json; type=collection, ' + _ERR
ACCEPT_TEMPLATE = 'application/vnd.arduino.dashboardv2template+json, ' + _ERR
ACCEPT_LINKS = 'application/vnd.arduino.variableslinks+json, ' + _ERR
ACCEPT_EMPTY = _ERR + ', text/plain'
ACCEPT_JSON = 'application/json, ' + _ERR


class AuthenticationFailed(ApiError):
    """The token endpoint refused the client credentials (or the organization)."""

    def __init__(self, client_id, status, message):
        self.client_id = client_id
        ApiError.__init__(self, 'POST', TOKEN_PATH, status, message)

    def __str__(self):
        return "Arduino authentication failed for client '%s': HTTP %s: %s" % (
            self.client_id, self.status, self.message or 'no message')


def _segment(value):
    """One URL path segment: ids are quoted so that no value can change the path."""
    return quote(str(value), safe='')


def _as_list(body):
    return body if isinstance(body, list) else []


class ArduinoClient:
    """Arduino IoT Cloud REST API (dashboards v2 and things) over a ``Transport``."""

    def __init__(self, transport, client_id, client_secret, organization=None,
                 token_cache=True, cache_dir=None, on_token=None):
        self.transport = transport
        self.client_id = client_id
        self._client_secret = client_secret
        self.organization = organization or None
        self.on_token = on_token
        self._token = None
        self._expires_at = 0.0
        transport.add_secret(client_secret)
        self._cache_dir = (cache_dir or default_cache_dir()) if token_cache else None
        self._cache_path = None
        if self._cache_dir:
            # the secret is hashed into the key, so a rotated secret never meets an old token
            key = '\n'.join([transport.base_url, client_id or '', self.organization or '',
                             hashlib.sha256((client_secret or '').encode('utf-8')).hexdigest()])
            name = 'token-%s.json' % hashlib.sha256(key.encode('utf-8')).hexdigest()
            self._cache_path = os.path.join(self._cache_dir, name)

    # -- token -------------------------------------------------------------------------------

    def _accept_token(self, token, expires_at):
        self._token = token
        self._expires_at = expires_at
        self.transport.add_secret(token)
        if self.on_token is not None:
            self.on_token(token)
        return token

    def _valid(self, expires_at):
        return expires_at - TOKEN_MARGIN > self.transport.clock()

    def _read_cache(self):
        """The cached ``(token, expires_at)`` if it is ours, private and still valid, else None."""
        if not self._cache_path:
            return None
        try:
            info = os.stat(self._cache_path)
            if info.st_uid != os.getuid() or info.st_mode & 0o077:
                return None  # someone else could have written or read it: do not trust it
            with open(self._cache_path) as handle:
                data = json.load(handle)
            token, expires_at = data['access_token'], float(data['expires_at'])
        except (OSError, IOError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(token, str) or not token or not self._valid(expires_at):
            return None
        return token, expires_at

    def _write_cache(self, token, expires_at):
        """Store the token for other tasks; a cache that cannot be written is only a lost shortcut."""
        if not self._cache_path:
            return
        tmp = '%s.%d.%s.tmp' % (self._cache_path, os.getpid(),
                                binascii.hexlify(os.urandom(4)).decode('ascii'))
        try:
            ensure_private_dir(self._cache_dir)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, 'w') as handle:
                json.dump({'access_token': token, 'expires_at': expires_at}, handle)
            os.rename(tmp, self._cache_path)  # atomic: readers see the old or the new file
        except (OSError, IOError):
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _drop_token(self, token):
        """Forget ``token`` here and in the cache (unless another process already replaced it)."""
        self._token = None
        self._expires_at = 0.0
        cached = self._read_cache()
        if cached is not None and cached[0] == token:
            try:
                os.unlink(self._cache_path)
            except OSError:
                pass

    def _fetch_token(self):
        """Ask the token endpoint for a new token (client-credentials grant)."""
        form = {'grant_type': 'client_credentials', 'client_id': self.client_id,
                'client_secret': self._client_secret, 'audience': AUDIENCE}
        headers = {'Accept': 'application/json'}
        if self.organization:
            form['organization_id'] = self.organization
            headers['X-Organization'] = self.organization
        start = self.transport.clock()
        try:
            # a token request changes nothing on the server, so it may be repeated freely
            body = self.transport.request('POST', TOKEN_PATH, form=form, headers=headers,
                                          expect=(200,), retry_unsafe=True)[1]
        except ApiError as exc:
            if exc.status in (400, 401, 403):
                raise self.transport.error(AuthenticationFailed(self.client_id, exc.status,
                                                                exc.message))
            raise
        token = body.get('access_token') if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise self.transport.error(ApiError('POST', TOKEN_PATH, 200,
                                                'the token response has no access_token'))
        try:
            ttl = float(body.get('expires_in') or DEFAULT_TOKEN_TTL)
        except (TypeError, ValueError):
            ttl = DEFAULT_TOKEN_TTL
        expires_at = start + ttl
        self._write_cache(token, expires_at)
        return self._accept_token(token, expires_at)

    def token(self):
        """A valid access token: from memory, else the cache, else the token endpoint."""
        if self._token and self._valid(self._expires_at):
            return self._token
        cached = self._read_cache()
        if cached is not None:
            return self._accept_token(*cached)
        return self._fetch_token()

    # -- calls -------------------------------------------------------------------------------

    def _call(self, method, path, accept=ACCEPT_JSON, expect=(200,), **kwargs):
        """One API call with the bearer token; a 401 replaces the token once and replays."""
        token = self.token()
        try:
            return self.transport.request(method, path, headers=self._headers(token, accept),
                                          expect=expect, **kwargs)[1]
        except Unauthorized:
            self._drop_token(token)
            token = self._fetch_token()
        return self.transport.request(method, path, headers=self._headers(token, accept),
                                      expect=expect, **kwargs)[1]

    def _headers(self, token, accept):
        headers = {'Authorization': 'Bearer ' + token, 'Accept': accept}
        if self.organization:
            headers['X-Organization'] = self.organization
        return headers

    @staticmethod
    def _dashboard(dashboard_id, *rest):
        return '/'.join([DASHBOARDS, _segment(dashboard_id)] + [_segment(r) for r in rest])

    # -- dashboards ----------------------------------------------------------------------------

    def list_dashboards(self, name=None, thing_id=None, user_id=None):
        """GET /iot/v2/dashboards. The server matches ``name`` loosely: callers filter exactly."""
        params = dict((k, v) for k, v in (('name', name), ('thing_id', thing_id),
                                          ('user_id', user_id)) if v is not None)
        return _as_list(self._call('GET', DASHBOARDS, ACCEPT_DASHBOARDS, params=params or None))

    def get_dashboard(self, dashboard_id):
        """GET one dashboard; raises NotFound."""
        return self._call('GET', self._dashboard(dashboard_id), ACCEPT_DASHBOARD)

    def create_dashboard(self, payload):
        """POST a new dashboard (201).

        A create whose answer was lost may have happened: before posting again, the dashboards of
        that name are read back, and one holding every widget id of the payload (widget ids are
        chosen by us and deterministic) is taken as ours. After a timeout the server may still be
        working on the create, so when the read-back finds nothing the create fails instead of
        posting again: a second POST could make a second dashboard.
        """
        attempts = self.transport.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._call('POST', DASHBOARDS, ACCEPT_DASHBOARD, expect=(201,),
                                  json=payload)
            except (ConnectionFailure, ServerError) as exc:
                # a gateway error, like a lost connection, may hide a create that happened
                unsure = getattr(exc, 'maybe_sent', exc.status in (502, 503, 504))
                if attempt >= attempts or not (unsure or exc.status is None):
                    raise
                if unsure:
                    if getattr(exc, 'timed_out', False):
                        # give a slow server a moment to finish before looking
                        wait = max(1.0, self.transport.backoff(attempt))
                        self.transport.warn(self.transport.scrub('POST %s timed out; reading dashboard %r back in %.1f s'
                                                                 % (DASHBOARDS, payload.get('name'), wait)))
                        self.transport.sleep(wait)
                    found = self._find_created(payload)
                    if found is not None:
                        return found
                    if getattr(exc, 'timed_out', False):
                        raise self.transport.error(ConnectionFailure(
                            'POST', DASHBOARDS, 'timed out (timeout %g s) and dashboard %r is not there yet; '
                            'the server may still create it, so it is not posted again: re-run the task, which '
                            'finds the dashboard by name, or raise timeout' % (self.transport.timeout, payload.get('name'))))
                reason = 'HTTP %s' % exc.status if exc.status else 'a connection failure'
                self.transport.pause('POST', DASHBOARDS, '%s (no dashboard %r was created)'
                                     % (reason, payload.get('name')), attempt + 1, attempts)
        raise AssertionError('unreachable')  # pragma: no cover

    def _find_created(self, payload):
        name = payload.get('name')
        wanted = set(w.get('id') for w in payload.get('widgets') or [] if w.get('id'))
        for dashboard in self.list_dashboards(name=name):
            if dashboard.get('name') != name:
                continue
            have = set(w.get('id') for w in dashboard.get('widgets') or [])
            if wanted <= have and (wanted or not payload.get('widgets')):
                return dashboard
        return None

    def update_dashboard(self, dashboard_id, payload):
        """PUT: replaces the dashboard, widget list included."""
        return self._call('PUT', self._dashboard(dashboard_id), ACCEPT_DASHBOARD, json=payload)

    def patch_dashboard(self, dashboard_id, payload):
        """PATCH: changes only the top-level fields given."""
        return self._call('PATCH', self._dashboard(dashboard_id), ACCEPT_DASHBOARD, json=payload)

    def delete_dashboard(self, dashboard_id, force=False):
        """DELETE; ``force`` asks for a hard delete instead of the default soft delete."""
        self._call('DELETE', self._dashboard(dashboard_id), ACCEPT_EMPTY, expect=(200, 204),
                   params={'force': 'true'} if force else None)

    def clone_dashboard(self, dashboard_id, overrides=None):
        """PUT .../clone (201): the new copy. Not repeated blindly: each success makes a copy."""
        body = {'overrides': list(overrides)} if overrides else {}
        return self._call('PUT', self._dashboard(dashboard_id, 'clone'), ACCEPT_DASHBOARD,
                          expect=(201,), json=body, idempotent=False)

    def list_shares(self, dashboard_id):
        """GET .../shares: the users the dashboard is shared with."""
        return _as_list(self._call('GET', self._dashboard(dashboard_id, 'shares'), ACCEPT_SHARES))

    def share_dashboard(self, dashboard_id, users):
        """PUT .../shares for ``users`` (each ``{user_id}`` or ``{username}``).

        One user goes in the original single-user body, which every API version accepts.
        """
        users = [dict(u) for u in users]
        body = users[0] if len(users) == 1 else {'users': users}
        self._call('PUT', self._dashboard(dashboard_id, 'shares'), ACCEPT_EMPTY,
                   expect=(200, 204), json=body)

    def delete_share(self, dashboard_id, user_id):
        """DELETE .../shares/{user_id}."""
        self._call('DELETE', self._dashboard(dashboard_id, 'shares', user_id), ACCEPT_EMPTY,
                   expect=(200, 204))

    def request_access(self, dashboard_id, message=None):
        """PUT .../share_request: ask the owner for access."""
        body = {'message': message} if message else {}
        self._call('PUT', self._dashboard(dashboard_id, 'share_request'), ACCEPT_EMPTY,
                   expect=(200, 204), json=body)

    def get_template(self, dashboard_id):
        """GET .../template: the dashboard with things and variables referenced by name."""
        return self._call('GET', self._dashboard(dashboard_id, 'template'), ACCEPT_TEMPLATE)

    def link_widget(self, dashboard_id, widget_id, variables):
        """PUT .../widgets/{widgetId}/variables: the widget's variables become exactly these."""
        return self._call('PUT', self._dashboard(dashboard_id, 'widgets', widget_id, 'variables'),
                          ACCEPT_LINKS, json={'variables': list(variables)})

    # -- things --------------------------------------------------------------------------------

    def list_things(self, show_properties=True):
        """GET /iot/v2/things; with properties, one call resolves every variable name."""
        params = {'show_properties': 'true'} if show_properties else None
        return _as_list(self._call('GET', THINGS, params=params))

    def get_thing(self, thing_id):
        """GET one thing (with its properties)."""
        return self._call('GET', '%s/%s' % (THINGS, _segment(thing_id)))
