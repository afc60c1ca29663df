"""make bench-counts: the request counts of make bench, asserted (they are deterministic; wall times
never are, and are never asserted). Runs in make test; about a minute."""

import os
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


@pytest.fixture(scope='module')
def runner():
    work = tempfile.mkdtemp(prefix='iotcloud-bench-counts-')
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    runner = bench.Bench(int(os.environ.get('BENCH_PORT', '0')), work, ansible_playbook)
    yield runner
    runner.emu.stop()
    shutil.rmtree(work, ignore_errors=True)


def play(runner, way, n, scenario, **kwargs):
    defs = bench.definitions(n, scenario)
    wall, rss, rc, text = runner.play(way, {'defs': bench.wire(defs) if way == 'uri' else defs}, **kwargs)
    assert rc == 0, text[-2000:]
    return bench.summarize(runner.requests())


@pytest.mark.parametrize('n', [10, 100])
def test_sync_no_change_and_one_change(runner, n):
    runner.reset()
    first = play(runner, 'sync', n, 'first')
    assert first['kinds']['POST dashboard'] == n
    assert first['token_requests'] == 1
    nochange = play(runner, 'sync', n, 'nochange')
    assert nochange['requests'] <= 3, nochange
    assert nochange['status_429'] == 0
    changed = play(runner, 'sync', n, 'dashboard_changed')
    expected = dict(nochange['kinds'])
    expected['PUT dashboard'] = expected.get('PUT dashboard', 0) + 1
    assert changed['kinds'] == expected
    share = play(runner, 'sync', n, 'share_changed')
    assert share['kinds'].get('DELETE share') == 1
    assert 'PUT dashboard' not in share['kinds'] and 'POST dashboard' not in share['kinds']


def test_loop_against_sync_no_change(runner):
    """A loop of dashboard + dashboard_share tasks costs at least 10x the requests of one sync."""
    runner.reset()
    play(runner, 'sync', 10, 'first')
    sync = play(runner, 'sync', 10, 'nochange')
    loop = play(runner, 'loop', 10, 'nochange')
    assert 'PUT dashboard' not in loop['kinds'] and 'PUT share' not in loop['kinds']
    assert loop['requests'] >= 10 * sync['requests'], (loop, sync)


def test_uri_baseline_against_sync_no_change(runner):
    """At N=100 no change, sync sends no more than the uri baseline (both at the least the API allows)."""
    runner.reset()
    play(runner, 'sync', 100, 'first')
    sync = play(runner, 'sync', 100, 'nochange')
    uri = play(runner, 'uri', 100, 'nochange')
    assert uri['kinds'].get('GET list') == 1 and 'PUT dashboard' not in uri['kinds'], uri
    assert sync['requests'] <= uri['requests'] + 1, (sync, uri)   # + 1: sync also reads the things
    assert sync['requests'] - sync['token_requests'] <= bench.minimum(100, 'nochange'), sync


def test_one_token_across_forks(runner, tmp_path):
    """Ten hosts with forks 10 on an empty token cache make one token request between them."""
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text('[bench]\n' + ''.join('h%02d ansible_connection=local host_index=%d\n' % (i, i)
                                               for i in range(10)))
    runner.reset()
    play(runner, 'sync', 10, 'first')
    runner.reset()          # and an empty token cache
    runs = play(runner, 'forks', 10, 'first', inventory=str(inventory), forks=10)
    assert runs['token_requests'] == 1, runs
    assert runs['kinds'].get('GET list') == 10 and 'PUT dashboard' not in runs['kinds'], runs
