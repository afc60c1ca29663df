# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table cases for the pure share and binding functions: each row reads as one rule."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import ValidationError
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr

ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
CAROL = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
SHARED = [{'user_id': ALICE, 'username': 'alice'}, {'user_id': BOB, 'username': 'bob'}]


# ---- validate_share: what may be combined, per platform ------------------------------------------

VALID = [
    # platform, state, users, groups, exclusive, message, expected (users, groups)
    ('arduino', 'present', [{'username': 'alice'}, {'user_id': BOB.upper()}], None, False, None,
     ([{'username': 'alice'}, {'user_id': BOB}], [])),
    ('arduino', 'present', [], None, True, None, ([], [])),
    # users: [alice, bob] is the short form of {username: ...}
    ('arduino', 'present', ['alice', 'bob'], None, False, None, ([{'username': 'alice'}, {'username': 'bob'}], [])),
    ('arduino', 'absent', [{'username': 'alice', 'user_id': None, 'email': None, 'role': None}], [], False, None,
     ([{'username': 'alice'}], [])),
    ('arduino', 'requested', [], [], False, 'please', ([], [])),
    ('qubitro', 'present', [{'email': 'Ops@Example.com', 'role': 'readonly'}], None, False, None,
     ([{'email': 'Ops@Example.com', 'role': 'readonly'}], [])),
    ('qubitro', 'present', None, [{'name': 'Operators', 'role': 'role_5f2a'}, {'id': 'g1', 'role': 'owner'}],
     False, None, ([], [{'name': 'Operators', 'role': 'role_5f2a'}, {'id': 'g1', 'role': 'owner'}])),
]


@pytest.mark.parametrize('platform, state, users, groups, exclusive, message, expected', VALID)
def test_validate_share_accepts(platform, state, users, groups, exclusive, message, expected):
    assert shr.validate_share(platform, state, users, groups, exclusive, message) == expected


INVALID = [
    # platform, state, users, groups, exclusive, message, words the message must hold
    ('qubitro', 'absent', [{'email': 'a@b.co', 'role': 'admin'}], None, False, None,
     ['no way to remove', 'state=absent']),
    ('qubitro', 'present', [{'email': 'a@b.co', 'role': 'admin'}], None, True, None,
     ['no way to remove', 'exclusive=true']),
    ('qubitro', 'requested', None, None, False, 'hi', ['not supported by the Qubitro API']),
    ('qubitro', 'present', [], [], False, None, ['give users or groups']),
    ('qubitro', 'present', [{'email': 'not-an-email', 'role': 'admin'}], None, False, None,
     ['users[0]', 'email', "'not-an-email'"]),
    ('qubitro', 'present', [{'email': 'a@b', 'role': 'admin'}], None, False, None, ['users[0]', 'email']),
    ('qubitro', 'present', [{'email': 'a@b.co', 'role': 'boss man'}], None, False, None,
     ['users[0]', 'role', "'boss man'"]),
    ('qubitro', 'present', [{'email': 'a@b.co', 'role': 'ReadOnly'}], None, False, None, ['users[0]', 'role']),
    ('qubitro', 'present', [{'email': 'a@b.co'}], None, False, None, ['users[0]', 'role is required']),
    ('qubitro', 'present', [{'email': 'a@b.co', 'role': 'admin'}, {'email': 'A@B.CO', 'role': 'readonly'}],
     None, False, None, ['users[1]', 'listed twice']),
    ('qubitro', 'present', [{'username': 'alice', 'role': 'admin'}], None, False, None,
     ['users[0]', 'username not allowed']),
    ('qubitro', 'present', None, [{'id': 'g1', 'name': 'Operators', 'role': 'admin'}], False, None,
     ['groups[0]', 'exactly one of id or name']),
    ('qubitro', 'present', None, [{'name': 'Operators', 'role': 'admin'}, {'name': 'Operators', 'role': 'owner'}],
     False, None, ['groups[1]', 'listed twice']),
    ('qubitro', 'present', None, [{'id': 'g1', 'role': 'nope!'}], False, None, ['groups[0]', 'role']),
    ('arduino', 'present', [{'username': 'alice', 'user_id': ALICE}], None, False, None,
     ['users[0]', 'exactly one of username or user_id']),
    ('arduino', 'present', [{}], None, False, None, ['users[0]', 'exactly one']),
    ('arduino', 'present', [{'user_id': 'alice'}], None, False, None, ['users[0]', 'UUID', "'alice'"]),
    ('arduino', 'present', [{'username': 'alice'}, {'username': 'Alice'}], None, False, None,
     ['users[1]', 'listed twice']),
    ('arduino', 'present', [{'user_id': ALICE}, {'user_id': ALICE.upper()}], None, False, None,
     ['users[1]', 'listed twice']),
    ('arduino', 'present', [{'email': 'a@b.co', 'role': 'admin'}], None, False, None,
     ['users[0]', 'email, role not allowed']),
    ('arduino', 'present', [{'username': 'alice'}], [{'id': 'g1', 'role': 'admin'}], False, None,
     ['groups are a Qubitro option']),
    ('arduino', 'present', [{'username': 'alice'}], None, False, 'hello', ['request_message is only used', 'state=requested']),
    ('arduino', 'absent', [{'username': 'alice'}], None, True, None, ['exclusive', 'state=present']),
    ('arduino', 'requested', [{'username': 'alice'}], None, False, 'hi', ['users and groups are not used']),
    ('arduino', 'present', [42], None, False, None, ['users[0] must be a username or a dict']),
    ('arduino', 'present', ['alice', {'username': 'alice'}], None, False, None, ['users[1]', 'listed twice']),
    ('qubitro', 'present', ['ops@example.com'], None, False, None,
     ['users[0]', 'needs a role', '{email: ops@example.com, role: readonly}']),
]


@pytest.mark.parametrize('platform, state, users, groups, exclusive, message, words', INVALID)
def test_validate_share_refuses(platform, state, users, groups, exclusive, message, words):
    with pytest.raises(ValidationError) as exc:
        shr.validate_share(platform, state, users, groups, exclusive, message)
    for word in words:
        assert word in str(exc.value)
    assert '\n' not in str(exc.value)


# ---- normalise and plan Arduino shares -----------------------------------------------------------

def test_normalize_shares_sorts_and_lowercases():
    raw = [{'user_id': BOB.upper(), 'username': 'bob'}, {'user_id': CAROL}, {'user_id': ALICE, 'username': 'alice'}]
    assert shr.normalize_shares(raw) == [
        {'user_id': CAROL, 'username': None},
        {'user_id': ALICE, 'username': 'alice'},
        {'user_id': BOB, 'username': 'bob'},
    ]
    assert shr.normalize_shares(None) == []


PLANS = [
    # current, users, state, exclusive, to_add, to_remove
    ([], [{'username': 'alice'}, {'user_id': BOB}], 'present', False, [{'username': 'alice'}, {'user_id': BOB}], []),
    (SHARED, [{'username': 'ALICE'}, {'user_id': BOB}], 'present', False, [], []),
    (SHARED, [{'user_id': ALICE}, {'username': 'carol'}], 'present', False, [{'username': 'carol'}], []),
    (SHARED, [{'username': 'alice'}], 'present', True, [], [BOB]),
    (SHARED, [], 'present', True, [], [ALICE, BOB]),
    (SHARED, [], 'present', False, [], []),
    (SHARED, [{'username': 'carol'}], 'present', True, [{'username': 'carol'}], [ALICE, BOB]),
    (SHARED, [{'username': 'bob'}, {'user_id': ALICE}], 'absent', False, [], [ALICE, BOB]),
    (SHARED, [{'username': 'carol'}, {'user_id': CAROL}], 'absent', False, [], []),
    ([], [{'username': 'alice'}], 'absent', False, [], []),
]


@pytest.mark.parametrize('current, users, state, exclusive, to_add, to_remove', PLANS)
def test_plan_shares(current, users, state, exclusive, to_add, to_remove):
    assert shr.plan_shares(current, users, state, exclusive) == (to_add, to_remove)


def test_plan_then_predict_is_the_wanted_list():
    to_add, to_remove = shr.plan_shares(SHARED, [{'username': 'carol'}, {'user_id': ALICE}], 'present', True)
    assert shr.share_body(to_add) == {'users': [{'username': 'carol'}]}
    assert shr.predict_shares(SHARED, to_add, to_remove) == [
        {'user_id': ALICE, 'username': 'alice'},
        {'user_id': None, 'username': 'carol'},
    ]


def test_predict_user_added_by_id_has_no_username():
    assert shr.predict_shares([], [{'user_id': CAROL}], []) == [{'user_id': CAROL, 'username': None}]


def test_missing_after_write():
    after = [{'user_id': ALICE, 'username': 'alice'}]
    assert shr.missing_after_write(after, [{'username': 'alice'}, {'user_id': BOB}]) == [{'user_id': BOB}]


# ---- Qubitro groups and the invite body ----------------------------------------------------------

GROUPS = [{'id': 'g1', 'name': 'Operators'}, {'id': 'g2', 'name': 'Viewers'}]


def test_resolve_groups_by_name_and_id():
    groups = [{'name': 'Viewers', 'role': 'readonly'}, {'id': 'g1', 'role': 'admin'}]
    assert shr.groups_need_listing(groups)
    assert not shr.groups_need_listing([{'id': 'g1', 'role': 'admin'}])
    resolved = shr.resolve_groups(groups, GROUPS)
    assert resolved == [{'id': 'g2', 'role': 'readonly'}, {'id': 'g1', 'role': 'admin'}]
    assert shr.invite_body([{'email': 'a@b.co', 'role': 'admin'}], resolved) == {
        'users': [{'email': 'a@b.co', 'role': 'admin'}],
        'groups': [{'id': 'g2', 'role': 'readonly'}, {'id': 'g1', 'role': 'admin'}],
    }


@pytest.mark.parametrize('groups, listing, words', [
    ([{'name': 'Nobody', 'role': 'admin'}], GROUPS, ["'Nobody' not found", "'Operators'", "'Viewers'"]),
    ([{'name': 'Twin', 'role': 'admin'}], [{'id': 'x1', 'name': 'Twin'}, {'id': 'x2', 'name': 'Twin'}],
     ['ambiguous', 'x1, x2']),
    ([{'name': 'Operators', 'role': 'admin'}, {'id': 'g1', 'role': 'readonly'}], GROUPS, ['groups[1]', 'g1 is listed twice']),
])
def test_resolve_groups_refuses(groups, listing, words):
    with pytest.raises(ValidationError) as exc:
        shr.resolve_groups(groups, listing)
    for word in words:
        assert word in str(exc.value)


def test_invite_body_always_has_both_lists():
    assert shr.invite_body(None, [{'id': 'g1', 'role': 'admin'}]) == {'users': [], 'groups': [{'id': 'g1', 'role': 'admin'}]}
