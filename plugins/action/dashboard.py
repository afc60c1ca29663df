# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of M(iotcloud.dashboards.dashboard): a O(template) given as a relative path is found
as M(ansible.builtin.template) finds its source (the role's files/, then the playbook's directory)
and read on the controller; the module then gets the file's text. Everything else, check mode and
diff included, is the module's own work."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.iotcloud.dashboards.plugins.module_utils._templates import is_template_content


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        template = args.get('template')
        if isinstance(template, str) and template and not is_template_content(template):
            try:
                found = self._find_needle('files', template)
            except AnsibleError:
                # Not on the controller: leave the path to the module, which names it if it cannot read it.
                found = None
            if found is not None:
                real = self._loader.get_real_file(found, decrypt=True)
                try:
                    with open(real, 'rb') as handle:
                        args['template'] = to_text(handle.read(), errors='surrogate_or_strict')
                finally:
                    self._loader.cleanup_tmp_file(real)
                if not is_template_content(args['template']):
                    # A one-line file would be taken for a path again; say what it is.
                    result.update(failed=True, msg='template file %r holds no template (one line, not JSON)'
                                  % template)
                    return result
        result.update(self._execute_module(module_name='iotcloud.dashboards.dashboard', module_args=args,
                                           task_vars=task_vars))
        return result
