# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based idempotency (issue 9), through main() against the in-memory cloud: for random valid
definitions (widgets of known types with layout and options, variables bound by UUID or by
{thing, variable}, shares to known users), starting from nothing or from another random dashboard,

1. check mode sends no write and predicts the real run: the same ``changed``, result and diff, apart
   from the ids the server assigns (the dashboard's, and a user's shared by name);
2. the real run then does what was predicted;
3. a second real run reports ``changed: false`` and sends no write.

Deterministic and bounded: derandomized, no example database, a fixed number of examples."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import copy

import pytest

hypothesis = pytest.importorskip('hypothesis')

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ansible_collections.iotcloud.dashboards.plugins.modules import dashboard, dashboard_sync  # noqa: E402
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import (  # noqa: E402
    ALICE, BOB, FAN, HUMIDITY, TEMP, WIND, FakeArduino)

EXAMPLES = 40
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
RAN = collections.Counter()

TYPES = ('Value', 'Chart', 'Gauge', 'Percentage', 'Switch', 'Slider', 'Sticky Note', 'Messenger')
# property id -> its {thing, variable} reference in the fake cloud's things listing
PROPERTIES = collections.OrderedDict([
    (TEMP, {'thing': 'greenhouse', 'variable': 'temperature'}),
    (HUMIDITY, {'thing': 'greenhouse', 'variable': 'humidity'}),
    (FAN, {'thing': 'greenhouse', 'variable': 'fan'}),
    (WIND, {'thing': 'weather-station', 'variable': 'wind'}),
])
OPTION_VALUES = st.one_of(st.booleans(), st.integers(min_value=-5, max_value=100),
                          st.text(alphabet='abcXYZ _-', max_size=8))
OPTIONS = st.dictionaries(st.sampled_from(['showLabels', 'frameless', 'decimals', 'label', 'min', 'max']),
                          OPTION_VALUES, max_size=3)
NAMES = st.text(alphabet='abcdefgh XYZ_-.', min_size=1, max_size=12).filter(lambda n: n.strip() != '')
SMALL = st.integers(min_value=0, max_value=12)
SIZE = st.integers(min_value=1, max_value=8)


@st.composite
def variables(draw):
    """Each property at most once, as its UUID (either case) or as a {thing, variable} reference."""
    result = []
    for prop_id, ref in PROPERTIES.items():
        form = draw(st.sampled_from(['none', 'none', 'uuid', 'UUID', 'ref']))
        if form == 'uuid':
            result.append(prop_id)
        elif form == 'UUID':
            result.append(prop_id.upper())
        elif form == 'ref':
            result.append(dict(ref))
    return draw(st.permutations(result)) if result else result


@st.composite
def widgets(draw):
    names = draw(st.lists(NAMES, min_size=0, max_size=4, unique=True))
    result = []
    for name in names:
        item = {'name': name, 'type': draw(st.sampled_from(TYPES)), 'width': draw(SIZE), 'height': draw(SIZE)}
        for key in ('x', 'y'):
            if draw(st.booleans()):
                item[key] = draw(SMALL)
        if draw(st.integers(0, 3)) == 0:
            item.update(x_mobile=draw(SMALL), y_mobile=draw(SMALL), width_mobile=draw(SIZE), height_mobile=draw(SIZE))
        if draw(st.booleans()):
            item['options'] = draw(OPTIONS)
        if draw(st.integers(0, 3)) > 0:
            item['variables'] = draw(variables())
        result.append(item)
    return result


COVER = st.one_of(st.none(), st.sampled_from(['https://img.example/a.png', 'https://img.example/b.png']))
SHARE = st.sampled_from(['alice', 'bob', {'username': 'alice'}, {'username': 'bob'}, {'user_id': ALICE},
                         {'user_id': BOB}])


@st.composite
def shares(draw):
    """A list of shares with each user at most once (in any of the accepted forms)."""
    chosen, seen = [], set()
    for entry in draw(st.lists(SHARE, max_size=3)):
        who = entry if isinstance(entry, str) else entry.get('username') or {ALICE: 'alice', BOB: 'bob'}[entry['user_id']]
        if who not in seen:
            seen.add(who)
            chosen.append(entry)
    return chosen


@st.composite
def definitions(draw):
    names = draw(st.lists(st.sampled_from(['Greenhouse', 'Weather', 'Plant-2', 'lab.main']), min_size=1, max_size=3,
                          unique=True))
    result = []
    for name in names:
        item = {'name': name}
        if draw(st.integers(0, 4)) > 0:
            item['widgets'] = draw(widgets())
        cover = draw(COVER)
        if cover is not None:
            item['cover_image'] = cover
        if draw(st.booleans()):
            item['shares'] = draw(shares())
        result.append(item)
    return result


USERS = {'alice': ALICE, 'bob': BOB}


def blank(value, keys):
    """A deep copy with the values of ``keys`` (at any depth) set to None. A share entry predicted with
    one half (a user added by name has an id check mode cannot know, and the other way round) gets the
    other half from the test's users, so the prediction is compared for who, not for what it could know."""
    if isinstance(value, dict) and set(value) == set(('user_id', 'username')):
        names = dict((v, k) for k, v in USERS.items())
        value = {'user_id': value['user_id'] or USERS.get(value['username']),
                 'username': value['username'] or names.get(value['user_id'])}
    if isinstance(value, dict):
        return dict((k, None if k in keys else blank(v, keys)) for k, v in value.items())
    if isinstance(value, list):
        return [blank(v, keys) for v in value]
    return copy.deepcopy(value)


def settle(run_module, module, cloud, **args):
    """Check mode, the real run, a rerun; returns (predicted, real) after checking the rerun."""
    before = copy.deepcopy(cloud.dashboards)
    cloud.calls[:] = []
    predicted, failed, dummy = run_module(module, cloud, check_mode=True, diff=True, **args)
    assert not failed, predicted['msg']
    assert cloud.writes() == [] and cloud.dashboards == before, 'check mode wrote: %r' % cloud.writes()
    cloud.calls[:] = []
    real, failed, dummy = run_module(module, cloud, diff=True, **args)
    assert not failed, real['msg']
    assert real['changed'] == bool(cloud.writes()), 'changed %s after writes %r' % (real['changed'], cloud.writes())
    cloud.calls[:] = []
    again, failed, dummy = run_module(module, cloud, diff=True, **args)
    assert not failed, again['msg']
    assert not again['changed'] and cloud.writes() == [], 'not idempotent: the rerun sent %r' % cloud.writes()
    assert 'diff' not in again or again['diff'] in ([], {}) or again['diff']['before'] == again['diff']['after']
    return predicted, real, again


@SETTINGS
@given(first=st.one_of(st.none(), widgets()), second=widgets(), cover=COVER, purge=st.booleans())
def test_dashboard_check_mode_predicts_and_a_rerun_changes_nothing(run_module, first, second, cover, purge):
    RAN['dashboard'] += 1
    cloud = FakeArduino()
    if first is not None:
        made, failed, dummy = run_module(dashboard, cloud, name='Greenhouse', widgets=first)
        assert not failed, made['msg']
    args = dict(name='Greenhouse', widgets=second, purge_widgets=purge)
    if cover is not None:
        args['cover_image'] = cover
    predicted, real, again = settle(run_module, dashboard, cloud, **args)
    assert predicted['changed'] == real['changed']
    server_ids = ('id',) if first is None else ()
    # Widget ids are chosen by the module (uuid5), so only a new dashboard's own id is the server's.
    assert dict(predicted['dashboard'], id=None if server_ids else predicted['dashboard']['id']) == \
        dict(real['dashboard'], id=None if server_ids else real['dashboard']['id'])
    assert blank(predicted['diff']['before'], server_ids) == blank(real['diff']['before'], server_ids)
    assert dict(predicted['diff']['after'], id=None) == dict(real['diff']['after'], id=None)
    assert again['dashboard'] == real['dashboard']


@SETTINGS
@given(first=st.one_of(st.none(), definitions()), second=definitions(), purge=st.booleans())
def test_dashboard_sync_check_mode_predicts_and_a_rerun_changes_nothing(run_module, first, second, purge):
    RAN['dashboard_sync'] += 1
    cloud = FakeArduino()
    if first is not None:
        made, failed, dummy = run_module(dashboard_sync, cloud, dashboards=first)
        assert not failed, made['msg']
    predicted, real, again = settle(run_module, dashboard_sync, cloud, dashboards=second, purge=purge)
    assert predicted['changed'] == real['changed']
    assert predicted['summary'] == real['summary']
    server = ('id',)
    assert blank(predicted['dashboards'], server) == blank(real['dashboards'], server)
    assert blank(predicted.get('diff'), server) == blank(real.get('diff'), server)
    assert again['summary']['unchanged'] == len(second) and again['summary']['delete'] == 0
    assert [e['dashboard'] for e in again['dashboards']] == \
        [e['dashboard'] for e in real['dashboards'] if e['action'] != 'delete']


def test_examples_ran(capsys):
    """Runs after the two properties (file order): says how many examples each one ran."""
    with capsys.disabled():
        print('\nidempotency examples: dashboard %d, dashboard_sync %d (max_examples=%d each)'
              % (RAN['dashboard'], RAN['dashboard_sync'], EXAMPLES))
    if RAN:
        assert RAN['dashboard'] >= 1 and RAN['dashboard_sync'] >= 1
