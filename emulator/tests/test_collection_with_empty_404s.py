"""The collection's modules read a 404 the same with or without a body (the OpenAPI document
declares none; the emulator's seed option `arduino.empty_404` sends none). One playbook run
covers both seeds, as ansible-playbook is slow to start."""

import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MISSING = "0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10"
PLAY = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      api_url: "{{ emulator_url }}"
      client_id: demo-client
      client_secret: demo-secret
      organization: 11111111-1111-4111-8111-111111111111
  tasks:
    - ansible.builtin.include_tasks: missing.yml
      loop: [false, true]
      loop_control: {loop_var: empty}
"""
TASKS = """
- ansible.builtin.uri:
    url: "{{ emulator_url }}/_emulator/reset"
    method: POST
    body_format: json
    body: {arduino: {empty_404: "{{ empty }}"}}
- iotcloud.dashboards.dashboard_info: {id: %(id)s}
  register: info
- iotcloud.dashboards.dashboard: {id: %(id)s, state: absent}
  register: gone
- iotcloud.dashboards.dashboard: {id: %(id)s, name: Renamed}
  register: renamed
  ignore_errors: true
- ansible.builtin.uri: {url: "{{ emulator_url }}/_emulator/requests"}
  register: log
- ansible.builtin.copy:
    dest: "{{ result_dir }}/{{ empty }}.json"
    content: "{{ {'info': info.dashboards, 'gone': gone.changed, 'renamed': renamed.msg,
                  'log': log.json | selectattr('path', 'search', '%(id)s')
                         | map(attribute='status') | list} | to_json }}"
""" % {"id": MISSING}


def test_a_missing_dashboard_reads_the_same_with_or_without_a_body(iotcloud_emulator, tmp_path):
    collection = tmp_path / "collections" / "ansible_collections" / "iotcloud"
    collection.mkdir(parents=True)
    os.symlink(REPO, str(collection / "dashboards"))
    (tmp_path / "play.yml").write_text(PLAY)
    (tmp_path / "missing.yml").write_text(TASKS)
    run = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
         "-c", "local", str(tmp_path / "play.yml"),
         "-e", "emulator_url=%s result_dir=%s" % (iotcloud_emulator.url, tmp_path),
         "-e", "ansible_python_interpreter=" + sys.executable],
        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "collections"),
                 ANSIBLE_NOCOLOR="1"), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    with_body = json.loads((tmp_path / "False.json").read_text())
    without_body = json.loads((tmp_path / "True.json").read_text())
    assert with_body == without_body
    expected = {"info": [], "gone": False, "log": [404, 404, 404], "renamed": None}
    assert dict(with_body, renamed=None) == expected
    assert with_body["renamed"].startswith(
        "dashboard %s not found in organization 11111111-1111-4111-8111-111111111111; "
        "give name instead of id to create a dashboard" % MISSING)
    # the second pass really had empty 404s
    assert iotcloud_emulator.state.arduino["empty_404"] is True
