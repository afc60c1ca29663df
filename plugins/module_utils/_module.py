# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection shares: the connection options, the client factory and the
way API errors become one-line ``fail_json`` messages."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib
import math
import re

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    Transport,
    check_url_security,
    tls_option_error,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._secrets import secret_forms
from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import ArduinoClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._qubitro import QubitroClient

_UUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')

# A request that may take longer than a day is a typo; past about 9e9 s the socket refuses the value.
MAX_TIMEOUT = 86400
MAX_RETRIES = 20          # with backoff, more would keep a task waiting for hours
MIN_RATE_LIMIT = 0.01     # one request per 100 s; slower is a hang, not a limit

DEFAULT_API_URLS = {
    'arduino': 'https://api2.arduino.cc',
    'qubitro': 'https://api.qubitro.com',
}


def connection_argument_spec():
    """The argument spec of the connection options, documented in the ``connection`` doc fragment."""
    return dict(
        platform=dict(type='str', default='arduino', choices=['arduino', 'qubitro']),
        api_url=dict(type='str', fallback=(env_fallback, ['IOT_API_URL'])),
        client_id=dict(type='str', fallback=(env_fallback, ['ARDUINO_CLOUD_CLIENT'])),
        client_secret=dict(type='str', no_log=True, fallback=(env_fallback, ['ARDUINO_CLOUD_SECRET'])),
        organization=dict(type='str', fallback=(env_fallback, ['ARDUINO_CLOUD_ORGANIZATION'])),
        api_key=dict(type='str', no_log=True, fallback=(env_fallback, ['QUBITRO_API_KEY'])),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='float', default=30),
        retries=dict(type='int', default=3),
        rate_limit=dict(type='float'),
        token_cache=dict(type='bool', default=True),
    )


def module_argument_spec(**module_options):
    """The connection options merged with a module's own options."""
    spec = connection_argument_spec()
    spec.update(module_options)
    return spec


def _check_connection_params(params):
    """Return a one-line error for connection options that cannot work, or None."""
    platform = params['platform']
    if platform == 'arduino':
        missing = [name for name in ('client_id', 'client_secret') if _blank(params.get(name))]
        if missing:
            return ('platform arduino needs %s (or the environment variables ARDUINO_CLOUD_CLIENT and '
                    'ARDUINO_CLOUD_SECRET)' % ' and '.join(missing))
        if params.get('api_key'):
            return 'api_key is a Qubitro option; platform arduino uses client_id and client_secret'
        organization = params.get('organization')
        if organization and not _UUID.match(organization):
            return 'organization must be an organization UUID, got %r' % organization
    else:
        if _blank(params.get('api_key')):
            return 'platform qubitro needs api_key (or the environment variable QUBITRO_API_KEY)'
        for name in ('client_id', 'client_secret', 'organization'):
            if params.get(name):
                return '%s is an Arduino option; platform qubitro uses api_key' % name
    tls_error = tls_option_error(params.get('validate_certs', True), params.get('ca_path'))
    if tls_error:
        return tls_error
    if not (math.isfinite(params['timeout']) and 0 < params['timeout'] <= MAX_TIMEOUT):
        return 'timeout must be a positive number of seconds up to %d, got %s' % (MAX_TIMEOUT, params['timeout'])
    if not 0 <= params['retries'] <= MAX_RETRIES:
        return 'retries must be from 0 to %d, got %s' % (MAX_RETRIES, params['retries'])
    rate_limit = params.get('rate_limit')
    if rate_limit is not None and not (math.isfinite(rate_limit) and rate_limit >= MIN_RATE_LIMIT):
        return 'rate_limit must be a positive number of requests per second, at least %g, got %s' % (MIN_RATE_LIMIT, rate_limit)
    return None


def _blank(value):
    """A credential left out, empty or only white space (an unset variable in a template)."""
    return not value or not value.strip()


def api_url(params):
    """The base URL for the chosen platform, without a trailing slash."""
    return (params.get('api_url') or DEFAULT_API_URLS[params['platform']]).rstrip('/')


def check_connection(module):
    """Fail before any request when the connection options cannot work."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    error = _check_connection_params(module.params)
    # A blank secret is no secret: masking it would put asterisks in place of every space of the message.
    for name in ('client_secret', 'api_key'):
        value = module.params.get(name)
        if value and _blank(value):
            module.no_log_values.discard(value)
    if error is None:
        try:
            check_url_security(api_url(module.params))
        except ValueError as exc:
            error = str(exc)
    if error:
        module.fail_json(msg=error)


def get_client(module):
    """Build the platform's client from the module's parameters.

    Call ``check_connection`` (or let this do it) before any request. Every token the Arduino client
    obtains is added to ``no_log_values``, so it is masked in anything the module returns.
    """
    check_connection(module)
    params = module.params
    url = api_url(params)
    identity = params['client_id'] if params['platform'] == 'arduino' else params['api_key']
    throttle_key = hashlib.sha256(('%s|%s' % (url, identity)).encode('utf-8')).hexdigest()[:32]
    transport = Transport(
        url,
        timeout=params['timeout'],
        retries=params['retries'],
        rate_limit=params.get('rate_limit'),
        validate_certs=params['validate_certs'],
        ca_path=params.get('ca_path'),
        throttle_key=throttle_key,
        warn=module.warn,
    )
    # Every encoding of a secret (URL, form, JSON) is masked in whatever the module returns.
    for secret in (params.get('client_secret'), params.get('api_key')):
        if secret:
            module.no_log_values.update(secret_forms(secret))
    if params['platform'] == 'qubitro':
        return QubitroClient(transport, params['api_key'])
    return ArduinoClient(
        transport,
        params['client_id'],
        params['client_secret'],
        organization=params.get('organization'),
        token_cache=params['token_cache'],
        on_token=lambda token: module.no_log_values.update(secret_forms(token)),
    )
