# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared connection options: what is refused before any request, and how clients are built."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _module
from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import ArduinoClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._qubitro import QubitroClient

ACME = '11111111-1111-4111-8111-111111111111'


def params(**overrides):
    """Connection parameters as AnsibleModule would hand them over, with defaults applied."""
    values = dict((name, spec.get('default')) for name, spec in _module.connection_argument_spec().items())
    values.update(client_id='demo-client', client_secret='demo-secret')
    values.update(overrides)
    return values


class FakeModule(object):
    """Just enough of AnsibleModule: params, no_log_values, warn and fail_json."""

    def __init__(self, **overrides):
        self.params = params(**overrides)
        self.no_log_values = set()
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def fail_json(self, msg, **kwargs):
        raise AssertionError('fail_json: %s' % msg)


@pytest.mark.parametrize('overrides, error', [
    (dict(client_id=None), 'platform arduino needs client_id'),
    (dict(client_secret=None), 'platform arduino needs client_secret'),
    (dict(client_id=None, client_secret=None), 'needs client_id and client_secret'),
    (dict(api_key='QB_x'), 'api_key is a Qubitro option'),
    (dict(organization='Acme'), "organization must be an organization UUID, got 'Acme'"),
    (dict(platform='qubitro', client_id=None, client_secret=None), 'platform qubitro needs api_key'),
    (dict(platform='qubitro', client_secret=None, api_key='QB_x'), 'client_id is an Arduino option'),
    (dict(timeout=0), 'timeout must be a positive number'),
    (dict(retries=-1), 'retries must be from 0 to 20'),
    (dict(retries=21), 'retries must be from 0 to 20, got 21'),
    (dict(rate_limit=0.001), 'rate_limit must be a positive number of requests per second, at least 0.01'),
    (dict(rate_limit=0), 'rate_limit must be a positive number'),
], ids=lambda value: value if isinstance(value, str) else None)
def test_connection_options_refused_before_any_request(overrides, error):
    message = _module._check_connection_params(params(**overrides))
    assert message is not None and error in message
    assert '\n' not in message
    assert 'demo-secret' not in message


@pytest.mark.parametrize('overrides', [
    dict(),
    dict(organization=ACME),
    dict(platform='qubitro', client_id=None, client_secret=None, api_key='QB_demo'),
    dict(rate_limit=1.5, retries=0, timeout=5),
])
def test_valid_connection_options(overrides):
    assert _module._check_connection_params(params(**overrides)) is None


@pytest.mark.parametrize('platform, url, expected', [
    ('arduino', None, 'https://api2.arduino.cc'),
    ('qubitro', None, 'https://api.qubitro.com'),
    ('arduino', 'http://127.0.0.1:8765/', 'http://127.0.0.1:8765'),
])
def test_api_url_defaults_per_platform(platform, url, expected):
    assert _module.api_url(dict(platform=platform, api_url=url)) == expected


def test_plain_http_to_a_remote_host_is_refused():
    module = FakeModule(api_url='http://api.example.com')
    with pytest.raises(AssertionError) as failure:
        _module.check_connection(module)
    assert 'http' in str(failure.value)


def test_clients_per_platform():
    arduino = _module.get_client(FakeModule(api_url='http://127.0.0.1:1', organization=ACME))
    assert isinstance(arduino, ArduinoClient)
    qubitro = _module.get_client(FakeModule(platform='qubitro', client_id=None, client_secret=None,
                                            api_key='QB_demo', api_url='http://localhost:1'))
    assert isinstance(qubitro, QubitroClient)


def test_modules_merge_their_own_options_with_the_connection_options():
    spec = _module.module_argument_spec(name=dict(type='str'))
    assert 'name' in spec and 'client_secret' in spec
    assert spec['client_secret']['no_log'] is True and spec['api_key']['no_log'] is True
