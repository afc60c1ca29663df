# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a small Sphinx inventory (objects.inv) of the Ansible docs labels that the generated pages use.

Sphinx's intersphinx would download the whole inventory of docs.ansible.com; the docs build must work
offline, so this local one lists the few labels antsibull-docs refers to, with their real addresses.
    python make_inventory.py OUTPUT
"""

import sys
import zlib

# label -> (page under https://docs.ansible.com/projects/ansible/devel/, anchor, title)
LABELS = {
    'common_return_values': ('reference_appendices/common_return_values.html', 'return-values', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'ansible-configuration-settings',
                                       'Ansible Configuration Settings'),
    'module_defaults': ('playbook_guide/playbooks_module_defaults.html', '', 'Module defaults'),
    'check_mode_dry': ('playbook_guide/playbooks_checkmode.html', 'using-check-mode', 'Using check mode'),
    'diff_mode': ('playbook_guide/playbooks_checkmode.html', 'using-diff-mode', 'Using diff mode'),
    'action_plugins': ('plugins/action.html', 'action-plugins', 'Action plugins'),
    'ansible_collections.ansible.builtin.copy_module': ('collections/ansible/builtin/copy_module.html',
                                                        'ansible-collections-ansible-builtin-copy-module',
                                                        'ansible.builtin.copy module'),
}


def main(path):
    lines = []
    for label, (page, anchor, title) in sorted(LABELS.items()):
        lines.append('%s std:label -1 %s#%s %s' % (label, page, anchor or '$', title))
    header = ('# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
              '# The remainder of this file is compressed using zlib.\n')
    with open(path, 'wb') as handle:
        handle.write(header.encode('utf-8'))
        handle.write(zlib.compress(('\n'.join(lines) + '\n').encode('utf-8')))


if __name__ == '__main__':
    main(sys.argv[1])
