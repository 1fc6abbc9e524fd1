"""Limits and permissions seen from the modules: an account that reaches its instance limit, and a caller whose
custom role denies a command, each make a module fail with CloudStack's code and a message that says why.

The account and its role are set up with `cs` directly; the modules run in a playbook whose results are
written to a JSON file that the test reads."""
import json

import pytest
from cs import CloudStack

from simulator_plays import run_playbook

PLAYBOOK = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    deploy: &deploy
      zone: Sandbox-simulator-basic
      template: CentOS 5.6 (64-bit) no GUI (Simulator)
      service_offering: Small Instance
      domain: ROOT/eng
      account: dev
  tasks:
    - name: Deploy the account's first instance (its limit is one)
      cloudstack.cloud.instance: {name: lim-vm1, <<: *deploy}
      register: first
    - name: Deploy a second one
      cloudstack.cloud.instance: {name: lim-vm2, <<: *deploy}
      register: second
      ignore_errors: true
    - name: List instances with the keys of the account, whose role denies it
      cloudstack.cloud.instance_info:
        api_key: "%(key)s"
        api_secret: "%(secret)s"
      register: denied
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'first': first, 'second': second, 'denied': denied} | to_json }}"
        dest: "%(out)s"
        mode: "0600"
"""


@pytest.fixture
def tenant(simulator):
    """ROOT/eng/dev: at most one instance; its role copies the User role, with listVirtualMachines denied."""
    api = CloudStack(endpoint=simulator.endpoint, key=simulator.key, secret=simulator.secret, fetch_result=True)
    user_role = [r for r in api.listRoles(type="User")["role"] if r["isdefault"]][0]
    role = api.createRole(name="no-listing", roleid=user_role["id"])["role"]
    rule = [p for p in api.listRolePermissions(roleid=role["id"])["rolepermission"] if p["rule"] == "listVirtualMachines"]
    api.updateRolePermission(roleid=role["id"], ruleid=rule[0]["id"], permission="deny")
    domain = api.createDomain(name="eng")["domain"]
    account = api.createAccount(username="dev", password="secret", firstname="D", lastname="Ev",
                                email="d@example.com", account="dev", roleid=role["id"], domainid=domain["id"])["account"]
    api.updateResourceLimit(resourcetype=0, max=1, account="dev", domainid=domain["id"])
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    return {"domain": domain, "keys": keys}


def test_instance_limit_and_denied_command(simulator, tenant, tmp_path):
    out = tmp_path / "results.json"
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK % {"key": tenant["keys"]["apikey"], "secret": tenant["keys"]["secretkey"],
                                    "out": out})
    code, printed = run_playbook(playbook, simulator, tmp_path)
    assert code == 0, printed[-8000:]
    results = json.loads(out.read_text())

    assert results["first"]["changed"] and results["first"]["account"] == "dev"
    second = results["second"]
    assert second["failed"] and not second["changed"]
    assert second["errorcode"] == 532 and second["command"] == "deployVirtualMachine"
    assert ("Maximum number of resources of type 'user_vm' for account name=dev in domain id=%s has been exceeded."
            % tenant["domain"]["id"]) in second["msg"]

    denied = results["denied"]
    assert denied["failed"] and denied["errorcode"] == 432 and denied["command"] == "listVirtualMachines"
    assert "The API [listVirtualMachines] does not exist or is not available for the account dev." in denied["msg"]
