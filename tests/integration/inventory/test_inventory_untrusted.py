"""Strings from the API are data, never templates: a Jinja payload in every string field that
reaches host variables, host names or group names is shown as it is by `ansible-inventory` and by
a play that reads those variables, and never runs on the controller (under every ansible-core:
`make test-cores`). Group names cannot hold a template (constructed turns every non-word character
into `_`), but a play still reads the groups made from these fields.

Each payload runs `touch pwned-FIELD` (an expression) and `touch pwned-FIELD-block` (a `{% %}`
statement) in the working directory of the run when something templates it.
"""
import glob
import json
import os
import re
import subprocess

import pytest

from cloudstack_simulator.process import SimulatorProcess
from inventory_world import ADVANCED, ANSIBLE_INVENTORY, ANSIBLE_PLAYBOOK, PLUGIN_HEADER, World, inventory_env, plain
MARKER = "pwned-"


def payload(field):
    return ("{{ lookup('pipe', 'touch %s%s') }}{%% if lookup('pipe', 'touch %s%s-block') %%}{%% endif %%}"
            % (MARKER, field, MARKER, field))


BRACELESS = "lookup('pipe', 'touch %scomposed')" % MARKER

# keyed_groups from every API string that can name a group, composed variables built from them
SOURCE = PLUGIN_HEADER + """states: []
projects: [all]
instances_outside_projects: true
hostnames: [%(hostnames)s]
keyed_groups:
  - {key: instance_tags, prefix: tag}
  - {key: account, prefix: account, parent_group: "owner_{{ domain }}"}
  - {key: domain, prefix: domain}
  - {key: project, prefix: project}
  - {key: group, prefix: group}
  - {key: networks, prefix: network}
  - {key: display_name, prefix: display}
groups:
  lookup_in_name: "'lookup' in display_name"
compose:
  composed_name: display_name ~ '-composed'
  composed_tags: instance_tags
  composed_network: nics[0].network
  composed_template: "'{{ ' ~ group ~ ' }}'"
"""

PLAYBOOK = """- hosts: all
  gather_facts: false
  connection: local
  tasks:
    - ansible.builtin.debug:
        var: hostvars[inventory_hostname]
    - ansible.builtin.debug:
        msg: "{{ inventory_hostname }} | {{ inventory_hostname_short }} | {{ group_names }} | {{ groups.keys() | list }}"
    - ansible.builtin.debug:
        msg: >-
          {{ display_name }} {{ instance_tags }} {{ account }} {{ domain }} {{ project }} {{ group }}
          {{ networks }} {{ composed_name }} {{ composed_tags }} {{ composed_network }} {{ composed_template }}
    - ansible.builtin.set_fact:
        copied: "{{ display_name ~ (instance_tags | to_json) ~ (group_names | join(',')) }}"
    - ansible.builtin.debug:
        var: copied
"""


@pytest.fixture(scope="module")
def payload_world(tmp_path_factory):
    """In the advanced zone: an instance of an account in a domain, on a network, with an instance
    group and a tag, and an instance of a project on the project's network; every name a payload.
    Both instances have the same display name, so that the host names get their owner appended.
    The project instance's group holds a lookup without braces, which a compose expression makes
    into a template."""
    with SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))) as sim:
        world = World(sim)
        api = world.api
        world.advanced = world.one("listZones", name=ADVANCED)
        world.offering = world.one("listServiceOfferings", name="Small Instance")
        world.template = api.listTemplates(templatefilter="featured", fetch_list=True)[0]
        isolated = world.one("listNetworkOfferings", name="DefaultIsolatedNetworkOfferingWithSourceNatService")
        root = world.one("listDomains", name="ROOT")
        domain = api.createDomain(name=payload("domain"), parentdomainid=root["id"])["domain"]
        account = api.createAccount(account=payload("account"), username="payload-user", password="secret-1",
                                    email="p@example.com", firstname="p", lastname="p", accounttype=0,
                                    domainid=domain["id"])["account"]
        owner = {"account": account["name"], "domainid": domain["id"]}
        network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=isolated["id"],
                                    name=payload("network"), displaytext="n", **owner)["network"]
        vm = world.deploy("owned", world.advanced, [network], name="payload1", displayname=payload("display_name"),
                          group=payload("group"), **owner)
        api.createTags(resourceids=vm["id"], resourcetype="UserVm",
                       tags=[{"key": payload("tag_key"), "value": payload("tag_value")}])
        project = api.createProject(name=payload("project"), displaytext="p")["project"]
        project_net = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=isolated["id"],
                                        name=payload("project_network"), displaytext="n",
                                        projectid=project["id"])["network"]
        world.deploy("in_project", world.advanced, [project_net], name="payload2", displayname=payload("display_name"),
                     group=BRACELESS, projectid=project["id"])
        yield world


def run(command, world, tmp_path, hostnames):
    source = tmp_path / "payload.cloudstack.yml"
    source.write_text(SOURCE % {"hostnames": hostnames})
    return subprocess.run([command[0], "-i", str(source)] + command[1:], env=inventory_env(world.sim, tmp_path),
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=300, check=False)


def assert_nothing_ran(tmp_path, output):
    ran = sorted(os.path.basename(path) for path in glob.glob(str(tmp_path / (MARKER + "*"))))
    assert ran == [], "a payload ran on the controller: %s\n%s" % (ran, output[-4000:])


# the plain field, then a Jinja expression over it (another code path, and a '.' for inventory_hostname_short)
@pytest.mark.parametrize("hostnames", ["display_name", "\"display_name ~ '.example'\""])
def test_payloads_in_api_strings_are_never_templated(payload_world, tmp_path, hostnames):
    listing = run([ANSIBLE_INVENTORY, "--list"], payload_world, tmp_path, hostnames)
    assert listing.returncode == 0, listing.stderr
    assert_nothing_ran(tmp_path, listing.stdout + listing.stderr)
    output = plain(json.loads(listing.stdout))
    name = payload("display_name") + (".example" if "~" in hostnames else "")
    owned, in_project = name + "_" + payload("account"), name + "_" + payload("project")
    assert sorted(output["_meta"]["hostvars"]) == sorted([owned, in_project])
    owned_vars = output["_meta"]["hostvars"][owned]
    assert (owned_vars["account"], owned_vars["domain"], owned_vars["group"]) == (
        payload("account"), payload("domain"), payload("group"))
    assert owned_vars["instance_tags"] == owned_vars["composed_tags"] == {payload("tag_key"): payload("tag_value")}
    assert owned_vars["composed_network"] == payload("network")
    project_vars = output["_meta"]["hostvars"][in_project]
    assert (project_vars["project"], project_vars["composed_template"]) == (payload("project"), "{{ %s }}" % BRACELESS)
    # constructed makes every group name a valid variable name: the payload's braces become _
    groups = set(output)
    for name in ("tag_%s_%s" % (payload("tag_key"), payload("tag_value")), "account_" + payload("account"),
                 "owner_" + payload("domain"), "domain_" + payload("domain"), "project_" + payload("project"),
                 "group_" + payload("group"), "network_" + payload("network"),
                 "network_" + payload("project_network"), "display_" + payload("display_name"), "group_" + BRACELESS,
                 "lookup_in_name"):
        assert re.sub(r"\W", "_", name) in groups, "group %r missing: %s" % (name, sorted(groups))

    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAYBOOK)
    play = run([ANSIBLE_PLAYBOOK, str(playbook)], payload_world, tmp_path, hostnames)
    assert play.returncode == 0, play.stdout[-6000:] + play.stderr[-3000:]
    assert_nothing_ran(tmp_path, play.stdout)
    assert "ok=5" in play.stdout and "failed=0" in play.stdout
    for field in ("display_name", "account", "domain", "group", "tag_key", "tag_value",
                  "network", "project", "project_network"):
        assert "touch %s%s-block" % (MARKER, field) in play.stdout, "%s not shown as it is" % field
    assert "{{ %s }}" % BRACELESS in play.stdout
