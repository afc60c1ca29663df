# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure functions for who may see a dashboard and what a widget is bound to: validate share entries,
normalise share lists, plan additions and removals, and build the Qubitro invite body. Nothing here
sends a request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    ValidationError,
    is_uuid,
)

BUILTIN_ROLES = ('owner', 'admin', 'readwrite', 'readonly')

# Deliberately loose: one @, no spaces, a dot in the domain. The server has the final word.
_EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s.]+$')
# Qubitro has no endpoint listing custom roles, so a custom role id can only be checked for shape.
_ROLE_ID_RE = re.compile(r'^[A-Za-z0-9_-]{1,64}$')

QUBITRO_NO_REMOVAL = ('the Qubitro API offers no way to remove dashboard access (it can only send '
                      'invitations), so %s is not supported for platform qubitro')
QUBITRO_NO_READBACK = ('Qubitro cannot list collaborators, so access cannot be read back: the invitation '
                       'was sent, whether or not these users had access, and every run sends it again')
GROUPS_NEED_PLAN = ("group names need the Qubitro organization plan's groups endpoint; "
                    "give group ids instead")


def _unexpected_keys(entry, allowed, where):
    extra = sorted(k for k, v in entry.items() if v is not None and k not in allowed)
    if extra:
        raise ValidationError('%s: %s not allowed here (allowed: %s)'
                              % (where, ', '.join(extra), ', '.join(allowed)))


def _check_role(role, where):
    if role is None:
        raise ValidationError('%s: role is required (owner, admin, readwrite, readonly or a custom role id)'
                              % where)
    if not isinstance(role, str) or not (role in BUILTIN_ROLES or (
            _ROLE_ID_RE.match(role) and role.lower() not in BUILTIN_ROLES)):
        raise ValidationError('%s: role must be owner, admin, readwrite, readonly or a custom role id, '
                              'got %r' % (where, role))


def validate_arduino_users(users, field='users'):
    """The O(users) of an Arduino share -> new dicts ``{'user_id': <lower-case uuid>}`` or
    ``{'username': str}``. Each entry needs exactly one of them; a plain string is a username
    (``users: [alice, bob]``). The same username or user_id twice is an error. Messages
    name the entry as ``<field>[<index>]``."""
    cleaned, seen = [], set()
    for index, entry in enumerate(users or []):
        where = '%s[%d]' % (field, index)
        if isinstance(entry, str):
            entry = {'username': entry}
        if not isinstance(entry, dict):
            raise ValidationError('%s must be a username or a dict with username or user_id, got %r' % (where, entry))
        _unexpected_keys(entry, ('username', 'user_id'), where)
        username, user_id = entry.get('username'), entry.get('user_id')
        if (username is None) == (user_id is None):
            raise ValidationError('%s: give exactly one of username or user_id' % where)
        if user_id is not None:
            if not is_uuid(user_id):
                raise ValidationError('%s: user_id must be a user UUID, got %r' % (where, user_id))
            item, key = {'user_id': user_id.lower()}, ('user_id', user_id.lower())
        else:
            if not isinstance(username, str) or not username.strip():
                raise ValidationError('%s: username must be a non-empty string' % where)
            item, key = {'username': username}, ('username', username.lower())
        if key in seen:
            raise ValidationError('%s: %s %r is listed twice' % (where, key[0], item[key[0]]))
        seen.add(key)
        cleaned.append(item)
    return cleaned


def validate_qubitro_users(users):
    """The O(users) of a Qubitro invite -> new dicts ``{'email', 'role'}``; e-mail format, role and
    duplicate e-mails (case-insensitive) are checked."""
    cleaned, seen = [], set()
    for index, entry in enumerate(users or []):
        where = 'users[%d]' % index
        if isinstance(entry, str):
            raise ValidationError('%s: a Qubitro invitation needs a role; give {email: %s, role: readonly} '
                                  '(or owner, admin, readwrite, a custom role id)' % (where, entry))
        if not isinstance(entry, dict):
            raise ValidationError('%s must be a dict with email and role, got %r' % (where, entry))
        _unexpected_keys(entry, ('email', 'role'), where)
        email = entry.get('email')
        if not isinstance(email, str) or not _EMAIL_RE.match(email):
            raise ValidationError('%s: email must be an e-mail address, got %r' % (where, email))
        _check_role(entry.get('role'), where)
        if email.lower() in seen:
            raise ValidationError('%s: email %r is listed twice' % (where, email))
        seen.add(email.lower())
        cleaned.append({'email': email, 'role': entry['role']})
    return cleaned


def validate_groups(groups):
    """The O(groups) of a Qubitro invite -> new dicts ``{'id'|'name', 'role'}``; exactly one of id
    and name, a valid role, no duplicates."""
    cleaned, seen = [], set()
    for index, entry in enumerate(groups or []):
        where = 'groups[%d]' % index
        if not isinstance(entry, dict):
            raise ValidationError('%s must be a dict with id or name, and role, got %r' % (where, entry))
        _unexpected_keys(entry, ('id', 'name', 'role'), where)
        if (entry.get('id') is None) == (entry.get('name') is None):
            raise ValidationError('%s: give exactly one of id or name' % where)
        key = 'id' if entry.get('id') is not None else 'name'
        if not isinstance(entry[key], str) or not entry[key]:
            raise ValidationError('%s: %s must be a non-empty string' % (where, key))
        _check_role(entry.get('role'), where)
        if (key, entry[key]) in seen:
            raise ValidationError('%s: group %s %r is listed twice' % (where, key, entry[key]))
        seen.add((key, entry[key]))
        cleaned.append({key: entry[key], 'role': entry['role']})
    return cleaned


def validate_share(platform, state, users=None, groups=None, exclusive=False, message=None):
    """All checks of M(dashboard_share) that need no request. Returns ``(users, groups)`` cleaned.

    Raises ValidationError with a one-line message for options that cannot work together, so that
    nothing is sent: Qubitro cannot remove access, Arduino has no groups, and so on."""
    if platform == 'qubitro':
        if state == 'absent':
            raise ValidationError(QUBITRO_NO_REMOVAL % 'state=absent')
        if exclusive:
            raise ValidationError(QUBITRO_NO_REMOVAL % 'exclusive=true')
        if state == 'requested':
            raise ValidationError('state=requested (a share request) is not supported by the Qubitro API')
    else:
        if groups:
            raise ValidationError('groups are a Qubitro option; Arduino IoT Cloud shares with users only')
    if message is not None and state != 'requested':
        raise ValidationError('request_message is only used with state=requested')
    if exclusive and state != 'present':
        raise ValidationError('exclusive is only used with state=present')
    if state == 'requested':
        if users or groups:
            raise ValidationError('state=requested asks the owner for access for yourself; '
                                  'users and groups are not used')
        return [], []
    if platform == 'qubitro':
        cleaned_users, cleaned_groups = validate_qubitro_users(users), validate_groups(groups)
        if not cleaned_users and not cleaned_groups:
            raise ValidationError('give users or groups to invite')
        return cleaned_users, cleaned_groups
    return validate_arduino_users(users), []


def normalize_shares(raw_shares):
    """The share list of the server -> ``[{user_id, username}]`` sorted by username then id, ids in
    lower case, a missing username as None."""
    result = []
    for raw in raw_shares or []:
        user_id = raw.get('user_id')
        result.append({'user_id': user_id.lower() if isinstance(user_id, str) else user_id,
                       'username': raw.get('username')})
    return sort_shares(result)


def sort_shares(shares):
    """Share entries in a stable order (None sorts first)."""
    return sorted(shares, key=lambda s: ((s.get('username') or '').lower(), s.get('user_id') or ''))


def _matches(share, user):
    if 'user_id' in user:
        return share.get('user_id') == user['user_id']
    return (share.get('username') or '').lower() == user['username'].lower()


def plan_shares(current, users, state, exclusive=False):
    """What to change on Arduino: ``(to_add, to_remove)``.

    ``current`` is the normalised share list, ``users`` the validated O(users). ``to_add`` are the
    user entries not shared yet (as given, for one batched ``PUT .../shares``); ``to_remove`` the
    sorted user ids to ``DELETE`` - the listed ones for V(absent), the unlisted ones with exclusive."""
    if state == 'absent':
        remove = set(s['user_id'] for s in current if any(_matches(s, u) for u in users))
        return [], sorted(remove)
    to_add = [dict(u) for u in users if not any(_matches(s, u) for s in current)]
    remove = set()
    if exclusive:
        remove = set(s['user_id'] for s in current if not any(_matches(s, u) for u in users))
    return to_add, sorted(remove)


def share_body(to_add):
    """The body of the one ``PUT .../shares`` that adds every new user."""
    return {'users': [dict(u) for u in to_add]}


def predict_shares(current, to_add, to_remove):
    """The normalised share list after the planned writes. A user added by name has an id the
    client cannot know without writing, so it is predicted as None (and the other way round)."""
    kept = [dict(s) for s in current if s['user_id'] not in to_remove]
    added = [{'user_id': u.get('user_id'), 'username': u.get('username')} for u in to_add]
    return sort_shares(kept + added)


def missing_after_write(shares, to_add):
    """Entries of ``to_add`` the re-read share list still lacks (the server ignored them)."""
    return [u for u in to_add if not any(_matches(s, u) for s in shares)]


def groups_need_listing(groups):
    """Whether any group is given by name, so the organization's groups must be listed."""
    return any('name' in g for g in groups or [])


def resolve_groups(groups, listing):
    """Validated groups -> ``[{'id', 'role'}]``; names are looked up in the groups ``listing``.

    An unknown or ambiguous name, or a group reached twice (by name and by id), is a ValidationError."""
    resolved, seen = [], set()
    for index, group in enumerate(groups or []):
        if 'name' in group:
            matches = [g for g in listing or [] if g.get('name') == group['name']]
            if not matches:
                known = ', '.join(sorted(repr(g.get('name')) for g in listing or [])) or 'none'
                raise ValidationError('groups[%d]: group %r not found (groups: %s)' % (index, group['name'], known))
            if len(matches) > 1:
                raise ValidationError('groups[%d]: group name %r is ambiguous (ids %s); give the id'
                                      % (index, group['name'], ', '.join(sorted(g.get('id') for g in matches))))
            group_id = matches[0].get('id')
        else:
            group_id = group['id']
        if group_id in seen:
            raise ValidationError('groups[%d]: group %s is listed twice' % (index, group_id))
        seen.add(group_id)
        resolved.append({'id': group_id, 'role': group['role']})
    return resolved


def invite_body(users, groups):
    """The body of the one batched Qubitro ``POST /v2/dashboards/{id}/invite``."""
    return {'users': [dict(u) for u in users or []], 'groups': [dict(g) for g in groups or []]}
