# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drive a module's main() with module args and an in-memory client, and read its JSON result."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _base

from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import ACME

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    @contextlib.contextmanager
    def patch_module_args(args):
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old


class ModuleExit(Exception):
    """exit_json or fail_json was called; ``result`` is what the module returned."""

    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result)
        self.result = result
        self.failed = failed


def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    raise ModuleExit(kwargs, failed=False)


def _fail_json(self, msg, **kwargs):
    kwargs['msg'] = msg
    raise ModuleExit(kwargs, failed=True)


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, client, check_mode=False, diff=False, **args) -> (result, failed, warnings)."""
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', _fail_json)

    def run(module, client, check_mode=False, diff=False, **args):
        warnings = []
        monkeypatch.setattr(_base, 'get_client', lambda m: client)
        monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: warnings.append(text))
        params = dict(client_id='demo-client', client_secret='demo-secret', organization=ACME,
                      _ansible_check_mode=check_mode, _ansible_diff=diff)
        params.update(args)
        with patch_module_args(params):
            with pytest.raises(ModuleExit) as caught:
                module.main()
        return caught.value.result, caught.value.failed, warnings
    return run
