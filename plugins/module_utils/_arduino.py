# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Arduino IoT Cloud client: the OAuth2 client-credentials token (cached in a 0600 file so that
tasks and forks reuse it), ``X-Organization``, and one method per dashboards v2 / things endpoint."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import hashlib
import math

from urllib.parse import quote

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    ConnectionFailure,
    ServerError,
    Unauthorized,
    default_cache_dir,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._token_cache import TokenCache
from ansible_collections.iotcloud.dashboards.plugins.module_utils._lookup import name_filter

TOKEN_PATH = '/iot/v1/clients/token'
AUDIENCE = 'https://api2.arduino.cc/iot'
DASHBOARDS = '/iot/v2/dashboards'
DASHBOARDS_V3 = '/iot/v3/dashboards'
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
# Dashboards v3 (pages): list, create, show, update, patch, clone and template only.
ACCEPT_DASHBOARD_V3 = 'application/vnd.arduino.dashboardv3+json, ' + _ERR
ACCEPT_DASHBOARDS_V3 = 'application/vnd.arduino.dashboardv3+json; type=collection, ' + _ERR
ACCEPT_TEMPLATE_V3 = 'application/vnd.arduino.dashboardv3template+json, ' + _ERR


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


class ArduinoClient:
    """Arduino IoT Cloud REST API (dashboards v2 and things) over a ``Transport``.

    ``v3()`` gives the same client on dashboards v3 (pages) for the seven operations the document has
    there (list, create, show, update, patch, clone, template); delete, shares, share requests and
    widget links always go to v2, where alone they exist."""

    api_version = 2
    _base = DASHBOARDS
    _accept_one = ACCEPT_DASHBOARD
    _accept_many = ACCEPT_DASHBOARDS
    _accept_template = ACCEPT_TEMPLATE

    def __init__(self, transport, client_id, client_secret, organization=None,
                 token_cache=True, cache_dir=None, on_token=None):
        self.transport = transport
        self.client_id = client_id
        self._client_secret = client_secret
        self.organization = organization or None
        self.on_token = on_token
        self._token = None
        self._refresh_at = 0.0
        transport.add_secret(client_secret)
        self._cache = None
        if token_cache:
            # the secret is hashed into the key, so a rotated secret never meets an old token
            key = '\n'.join([transport.base_url, client_id or '', self.organization or '',
                             hashlib.sha256((client_secret or '').encode('utf-8')).hexdigest()])
            self._cache = TokenCache(cache_dir or default_cache_dir(),
                                     hashlib.sha256(key.encode('utf-8')).hexdigest(),
                                     clock=transport.clock, warn=transport.warn,
                                     lock_wait=max(transport.timeout, 1.0) * (transport.retries + 1) + 60)

    def v3(self):
        """This client (one token, one transport) on dashboards v3."""
        if self.api_version == 3:
            return self
        other = copy.copy(self)
        other.api_version = 3
        other._base = DASHBOARDS_V3
        other._accept_one = ACCEPT_DASHBOARD_V3
        other._accept_many = ACCEPT_DASHBOARDS_V3
        other._accept_template = ACCEPT_TEMPLATE_V3
        other._v2 = self
        return other

    # -- token -------------------------------------------------------------------------------

    def _accept_token(self, token, refresh_at):
        self._token = token
        self._refresh_at = refresh_at
        self.transport.add_secret(token)
        if self.on_token is not None:
            self.on_token(token)
        return token

    def _drop_token(self, token):
        """Forget ``token`` here and in the cache (unless another process already replaced it)."""
        self._token = None
        self._refresh_at = 0.0
        if self._cache is not None:
            self._cache.remove(token)

    def _request_token(self):
        """Ask the token endpoint for a new token (client-credentials grant): ``(token, ttl)``."""
        form = {'grant_type': 'client_credentials', 'client_id': self.client_id,
                'client_secret': self._client_secret, 'audience': AUDIENCE}
        headers = {'Accept': 'application/json'}
        if self.organization:
            form['organization_id'] = self.organization
            headers['X-Organization'] = self.organization
        try:
            # a token request changes nothing on the server, so it may be repeated freely
            body = self.transport.request('POST', TOKEN_PATH, form=form, headers=headers,
                                          expect=(200,), retry_unsafe=True, writes=False)[1]
        except ApiError as exc:
            if exc.status in (400, 401, 403):
                raise self.transport.error(AuthenticationFailed(self.client_id, exc.status,
                                                                exc.message))
            raise
        token = body.get('access_token') if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise self.transport.shape_error('POST', TOKEN_PATH,
                                             'a token response with an access_token', body)
        try:
            ttl = float(body.get('expires_in') or DEFAULT_TOKEN_TTL)
        except (TypeError, ValueError):
            ttl = DEFAULT_TOKEN_TTL
        if not math.isfinite(ttl) or ttl <= 0:
            ttl = DEFAULT_TOKEN_TTL
        return token, ttl

    def _fetch_token(self, stale=None):
        """A new token, under the credential's lock: a process that waited for the lock takes the
        token the lock holder just cached instead of asking again (``stale`` is never taken)."""
        if self._cache is None:
            return self._new_token()
        with self._cache.locked():
            cached = self._cache.read()
            if cached is not None and cached[0] != stale:
                return self._accept_token(cached[0], cached[1])
            return self._new_token()

    def _new_token(self):
        start = self.transport.clock()
        token, ttl = self._request_token()
        expires_at = start + ttl
        # refresh 60 s before the end, or a quarter of the lifetime for short-lived tokens
        refresh_at = expires_at - min(TOKEN_MARGIN, ttl / 4.0)
        if self._cache is not None:
            self._cache.write(token, refresh_at, expires_at)
        return self._accept_token(token, refresh_at)

    def token(self):
        """A valid access token: from memory, else the cache, else the token endpoint."""
        root = getattr(self, '_v2', None)
        if root is not None:
            return root.token()
        if self._token and self._refresh_at > self.transport.clock():
            return self._token
        cached = self._cache.read() if self._cache is not None else None
        if cached is not None:
            return self._accept_token(cached[0], cached[1])
        return self._fetch_token()

    # -- calls -------------------------------------------------------------------------------

    def _call(self, method, path, accept=ACCEPT_JSON, expect=(200,), **kwargs):
        """One API call with the bearer token; a 401 replaces the token once and replays."""
        with self.transport.operation():
            token = self.token()
            try:
                return self.transport.request(method, path, headers=self._headers(token, accept),
                                              expect=expect, **kwargs)[1]
            except Unauthorized:
                root = getattr(self, '_v2', None) or self
                root._drop_token(token)
                token = root._fetch_token(stale=token)
            return self.transport.request(method, path, headers=self._headers(token, accept),
                                          expect=expect, **kwargs)[1]

    def _headers(self, token, accept):
        headers = {'Authorization': 'Bearer ' + token, 'Accept': accept}
        if self.organization:
            headers['X-Organization'] = self.organization
        return headers

    def _list(self, method, path, what, body):
        """``body`` when it is a JSON list of objects, else a one-line BadResponse."""
        if isinstance(body, list) and all(isinstance(item, dict) for item in body):
            return body
        raise self.transport.shape_error(method, path, 'a JSON list of %s' % what, body)

    def _object(self, method, path, what, body, need_id=True):
        """``body`` when it is a JSON object (with an ``id`` when ``need_id``), else BadResponse."""
        if isinstance(body, dict) and (not need_id or (isinstance(body.get('id'), str) and body['id'])):
            return body
        raise self.transport.shape_error(method, path, 'a JSON object (%s%s)'
                                         % (what, ' with an id' if need_id else ''), body)

    def _dashboard_call(self, method, path, accept=None, **kwargs):
        return self._object(method, path, 'a dashboard', self._call(method, path, accept or self._accept_one, **kwargs))

    def _dashboard(self, dashboard_id, *rest):
        """The path of a dashboard (or below it) in this client's API version."""
        return '/'.join([self._base, _segment(dashboard_id)] + [_segment(r) for r in rest])

    @staticmethod
    def _dashboard_v2(dashboard_id, *rest):
        """The v2 path: delete, shares, share requests and widget links exist only there."""
        return '/'.join([DASHBOARDS, _segment(dashboard_id)] + [_segment(r) for r in rest])

    # -- dashboards ----------------------------------------------------------------------------

    def list_dashboards(self, name=None, thing_id=None, user_id=None):
        """GET /iot/v2/dashboards. The server matches ``name`` loosely: callers filter exactly."""
        params = dict((k, v) for k, v in (('name', name), ('thing_id', thing_id),
                                          ('user_id', user_id)) if v is not None)
        return self._list('GET', self._base, 'dashboards',
                          self._call('GET', self._base, self._accept_many, params=params or None))

    def get_dashboard(self, dashboard_id):
        """GET one dashboard; raises NotFound."""
        return self._dashboard_call('GET', self._dashboard(dashboard_id))

    def create_dashboard(self, payload):
        """POST a new dashboard (201).

        A failure before the request was written is retried. A create that may have reached the
        server (an answer lost after sending, a TLS error, a timeout, a 502/503/504) may have
        happened: the dashboards of that name are read back, and one holding every widget id of
        the payload (widget ids are chosen by us and deterministic) is taken as ours. When only a
        gateway answered, nothing is found and retries are left, the POST is sent again. After a
        lost connection the server may still be working on the create, so when the read-back
        finds nothing the create fails instead: a second POST could make a second dashboard.
        """
        attempts = self.transport.retries + 1
        with self.transport.operation():
            for attempt in range(1, attempts + 1):
                try:
                    return self._dashboard_call('POST', self._base, expect=(201,), json=payload)
                except ConnectionFailure as exc:
                    if exc.request_sent:
                        return self._read_back_create(payload, exc)
                    if exc.permanent or attempt >= attempts:
                        raise
                    reason = 'a connection failure before sending'
                except ServerError as exc:
                    if exc.status not in (502, 503, 504) or attempt >= attempts:
                        raise
                    found = self._find_created(payload)
                    if found is not None:
                        return found
                    reason = 'HTTP %s' % exc.status
                self.transport.pause('POST', self._base, '%s (no dashboard %r was created)'
                                     % (reason, payload.get('name')), attempt + 1, attempts)
        raise AssertionError('unreachable')  # pragma: no cover

    def _read_back_create(self, payload, exc):
        """After a POST that may have been received: wait a moment, then look for the dashboard."""
        name = payload.get('name')
        what = 'timed out' if exc.timed_out else 'failed after the request was sent'
        wait = max(1.0, self.transport.backoff(1))
        self.transport.warn(self.transport.scrub('POST %s %s; reading dashboard %r back in %.1f s'
                                                 % (self._base, what, name, wait)))
        self.transport.sleep(wait)
        found = self._find_created(payload)
        if found is not None:
            return found
        if exc.timed_out:
            message = ('timed out (timeout %g s) and dashboard %r is not there yet; the server may '
                       'still create it, so it is not posted again: re-run the task, which finds '
                       'the dashboard by name, or raise timeout' % (self.transport.timeout, name))
        else:
            message = ('%s (%s) and dashboard %r is not there; the server may have created it or '
                       'may still do so, so it is not posted again: re-run the task, which finds '
                       'the dashboard by name' % (what, exc.message.split(' after ')[0], name))
        failure = ConnectionFailure('POST', self._base, message, timed_out=exc.timed_out)
        raise self.transport.error(failure)

    def _find_created(self, payload):
        name = payload.get('name')
        wanted = set(w.get('id') for w in payload.get('widgets') or [] if w.get('id'))
        for dashboard in self.list_dashboards(name=name_filter(name)):
            if dashboard.get('name') != name:
                continue
            have = set(w.get('id') for w in dashboard.get('widgets') or [] if isinstance(w, dict))
            if wanted <= have and (wanted or not payload.get('widgets')):
                return dashboard
        return None

    def update_dashboard(self, dashboard_id, payload):
        """PUT: replaces the dashboard, widget list included."""
        return self._dashboard_call('PUT', self._dashboard(dashboard_id), json=payload)

    def patch_dashboard(self, dashboard_id, payload):
        """PATCH: changes only the top-level fields given."""
        return self._dashboard_call('PATCH', self._dashboard(dashboard_id), json=payload)

    def delete_dashboard(self, dashboard_id, force=False):
        """DELETE; ``force`` asks for a hard delete instead of the default soft delete."""
        self._call('DELETE', self._dashboard_v2(dashboard_id), ACCEPT_EMPTY, expect=(200, 204),
                   params={'force': 'true'} if force else None)

    def clone_dashboard(self, dashboard_id, overrides=None, existing=None):
        """PUT .../clone (201): the new copy. Never sent twice: each success makes a copy.

        The copy's name is chosen by the server, so a clone that may have reached the server but
        lost its answer can only be recognised against the dashboards that existed before:
        ``existing`` (their ids, e.g. from a listing the caller made anyway). With it, the
        dashboards are listed again and the one new dashboard with the source's widgets (names
        and types) is taken as the copy; without it, or when none or several match, the error
        is raised (with ``maybe_sent`` set).
        """
        body = {'overrides': list(overrides)} if overrides else {}
        path = self._dashboard(dashboard_id, 'clone')
        with self.transport.operation():
            try:
                return self._dashboard_call('PUT', path, expect=(201,), json=body, idempotent=False)
            except (ConnectionFailure, ServerError) as exc:
                unsure = exc.request_sent if isinstance(exc, ConnectionFailure) \
                    else exc.status in (502, 503, 504)
                if not unsure or existing is None:
                    raise
                found = self._find_clone(dashboard_id, existing, exc)
                if found is None:
                    raise
                return found

    def _find_clone(self, source_id, existing, exc):
        """The one dashboard that is not in ``existing`` and has the source's widgets, or None."""
        wait = max(1.0, self.transport.backoff(1))
        self.transport.warn(self.transport.scrub(
            'PUT %s/clone %s; looking for the copy in %.1f s' % (self._dashboard(source_id),
                                                                 'timed out' if exc.timed_out else
                                                                 'got no clear answer', wait)))
        self.transport.sleep(wait)
        known = set(str(i).lower() for i in existing)
        dashboards = self.list_dashboards()

        def signature(dashboard):
            return sorted((str(w.get('name')), str(w.get('type')))
                          for w in dashboard.get('widgets') or [] if isinstance(w, dict))
        source = [d for d in dashboards if str(d.get('id')).lower() == str(source_id).lower()]
        new = [d for d in dashboards if str(d.get('id')).lower() not in known and
               str(d.get('id')).lower() != str(source_id).lower()]
        if source:
            new = [d for d in new if signature(d) == signature(source[0])]
        return new[0] if len(new) == 1 else None

    def list_shares(self, dashboard_id):
        """GET .../shares: the users the dashboard is shared with."""
        path = self._dashboard_v2(dashboard_id, 'shares')
        return self._list('GET', path, 'shares', self._call('GET', path, ACCEPT_SHARES))

    def share_dashboard(self, dashboard_id, users):
        """PUT .../shares for ``users`` (each ``{user_id}`` or ``{username}``).

        One user goes in the original single-user body, which every API version accepts.
        """
        users = [dict(u) for u in users]
        body = users[0] if len(users) == 1 else {'users': users}
        self._call('PUT', self._dashboard_v2(dashboard_id, 'shares'), ACCEPT_EMPTY,
                   expect=(200, 204), json=body)

    def delete_share(self, dashboard_id, user_id):
        """DELETE .../shares/{user_id}."""
        self._call('DELETE', self._dashboard_v2(dashboard_id, 'shares', user_id), ACCEPT_EMPTY,
                   expect=(200, 204))

    def request_access(self, dashboard_id, message=None):
        """PUT .../share_request: ask the owner for access."""
        body = {'message': message} if message else {}
        # Each request that arrives sends the owner an e-mail, so one whose answer was lost is not
        # sent again (it fails with maybe_sent set): the PUT is not idempotent in effect.
        try:
            self._call('PUT', self._dashboard_v2(dashboard_id, 'share_request'), ACCEPT_EMPTY,
                       expect=(200, 204), json=body, idempotent=False)
        except (ConnectionFailure, ServerError) as exc:
            if exc.maybe_sent:
                exc.message = ('%s; the request may have reached the owner, so it is not sent again '
                               '(a second one would e-mail the owner twice)' % exc.message)
            raise

    def get_template(self, dashboard_id):
        """GET .../template: the dashboard with things and variables referenced by name."""
        path = self._dashboard(dashboard_id, 'template')
        return self._object('GET', path, 'a dashboard template',
                            self._call('GET', path, self._accept_template), need_id=False)

    def link_widget(self, dashboard_id, widget_id, variables):
        """PUT .../widgets/{widgetId}/variables: the widget's variables become exactly these."""
        path = self._dashboard_v2(dashboard_id, 'widgets', widget_id, 'variables')
        body = self._call('PUT', path, ACCEPT_LINKS, json={'variables': list(variables)})
        # the answer must carry its (required) variables list: any other 200 proves no link
        if isinstance(body, dict) and isinstance(body.get('variables'), list):
            return body
        raise self.transport.shape_error('PUT', path, 'a JSON object (the linked variables, with a variables list)', body)

    # -- things --------------------------------------------------------------------------------

    def list_things(self, show_properties=True):
        """GET /iot/v2/things; with properties, one call resolves every variable name."""
        params = {'show_properties': 'true'} if show_properties else None
        return self._list('GET', THINGS, 'things', self._call('GET', THINGS, params=params))

    def get_thing(self, thing_id):
        """GET one thing (with its properties)."""
        path = '%s/%s' % (THINGS, _segment(thing_id))
        return self._object('GET', path, 'a thing', self._call('GET', path))
