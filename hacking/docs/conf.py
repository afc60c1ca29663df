# Sphinx configuration of the collection's docs site (make docs); the pages come from antsibull-docs.
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

project = 'iotcloud.dashboards'
copyright = 'iotcloud.dashboards contributors'
title = 'iotcloud.dashboards'
html_short_title = 'iotcloud.dashboards'

import os

extensions = ['sphinx.ext.intersphinx', 'sphinx_antsibull_ext']

# Offline: the generated pages refer to a few labels of the Ansible docs, which resolve through a local
# inventory (make_inventory.py, written by hacking/build-docs.sh), so intersphinx downloads nothing.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', os.environ['ANSIBLE_DOCS_INVENTORY']),
}

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

default_role = 'any'
