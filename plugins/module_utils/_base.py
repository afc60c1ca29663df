# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one module base of the collection: every module checks in the same order, gets its client
the same way, and turns every error into the same one-line failure with a truthful ``changed``."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.iotcloud.dashboards.plugins.module_utils._apply import NotAsWritten, Writes
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import (
    THIS_ORGANIZATION,
    AmbiguousError,
    ValidationError,
    organization_phrase,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._module import (
    check_connection,
    get_client,
    module_argument_spec,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError

PLATFORM_NAMES = {'arduino': 'Arduino IoT Cloud', 'qubitro': 'Qubitro'}


class DashboardModule(AnsibleModule):
    """An AnsibleModule with the connection options, and one order of steps in run():

    1. the platform is one this module supports (``platforms``), else one line naming what is not;
    2. the connection options can work (credentials, organization UUID, no secrets over plain http);
    3. ``validate(params)`` checks the input without a request and returns what ``execute`` needs;
    4. the client is built (every token it obtains is masked);
    5. ``execute(module, client, validated)`` returns the result dict, which goes to exit_json.

    Any ValidationError, AmbiguousError, ApiError or NotAsWritten becomes fail_json with one line.
    ``changed`` in a failure is ``self.writes.sent``: true when a write was, or may have been, sent."""

    def __init__(self, argument_spec, platforms=('arduino', 'qubitro'), unsupported=None, **kwargs):
        kwargs.setdefault('supports_check_mode', True)
        # Set before AnsibleModule checks the arguments, whose failures come through fail_json.
        self.writes = Writes()
        self.platforms = platforms
        self.unsupported = unsupported or 'this module'
        super(DashboardModule, self).__init__(argument_spec=module_argument_spec(**argument_spec), **kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs.setdefault('changed', self.writes.sent)
        msg = ' '.join(str(msg).split('\n'))
        params = getattr(self, 'params', None) or {}
        if params.get('platform') == 'arduino' and THIS_ORGANIZATION in msg:
            # Say which organization was searched: a wrong organization is the usual cause.
            msg = msg.replace(THIS_ORGANIZATION, organization_phrase(params.get('organization')))
        super(DashboardModule, self).fail_json(msg=msg, **kwargs)

    def run(self, validate, execute):
        """The steps above, in that order; never returns."""
        if self.params['platform'] not in self.platforms:
            self.fail_json(msg='%s is not supported by the %s API' % (
                self.unsupported, PLATFORM_NAMES[self.params['platform']]))
        check_connection(self)
        try:
            validated = validate(self.params)
        except (ValidationError, AmbiguousError) as exc:
            self.fail_json(msg=str(exc))
        client = get_client(self)
        try:
            result = execute(self, client, validated)
        except (ValidationError, AmbiguousError, ApiError, NotAsWritten) as exc:
            self.fail_json(msg=str(exc))
        self.exit_json(**result)

    def with_diff(self, result, before, after):
        """``result`` with ``diff`` set to before/after when the task runs with --diff."""
        if self._diff:
            result['diff'] = {'before': before, 'after': after}
        return result

    def missing_in_check_mode(self, what, result):
        """For a dashboard that an earlier task would have created: in check mode, report a change
        with a warning instead of failing, so that a whole new setup can be previewed. Returns the
        result to exit with, or None outside check mode (the caller fails as usual)."""
        if not self.check_mode:
            return None
        self.warn('%s does not exist yet; in check mode this is taken to be a dashboard that an '
                  'earlier task creates' % what)
        result.setdefault('changed', True)
        return result
