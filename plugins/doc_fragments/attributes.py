# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # Support levels for the attributes whose descriptions come from ansible.builtin.action_common_attributes.
    # A module lists ansible.builtin.action_common_attributes, then this fragment, then the pieces that fit it;
    # its own attributes block only adds details. Where two fragments set one key, the earlier one wins.

    # Every module: it runs where Python and requests are, and talks to a cloud API, not to that host.
    DOCUMENTATION = r'''
options: {}
attributes:
  platform:
    platforms: posix
    details:
      - Runs wherever Python and C(requests) are, usually the controller (C(hosts=localhost)); the
        host is only where the API requests leave from.
'''

    # Every module that takes the connection options: module_defaults sets them once for the group.
    ACTION_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/iotcloud.dashboards.all) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - iotcloud.dashboards.all
'''

    CHECK_MODE_FULL = r'''
options: {}
attributes:
  check_mode:
    support: full
'''

    # An *_info module: it never writes, so check mode changes nothing about it.
    CHECK_MODE_READ_ONLY = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, so it runs the same in check mode.
'''

    DIFF_MODE_FULL = r'''
options: {}
attributes:
  diff_mode:
    support: full
'''

    DIFF_MODE_PARTIAL = r'''
options: {}
attributes:
  diff_mode:
    support: partial
'''

    DIFF_MODE_NONE = r'''
options: {}
attributes:
  diff_mode:
    support: none
    details:
      - The module changes nothing, so there is nothing to show.
'''
