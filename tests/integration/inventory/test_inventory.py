"""`ansible-inventory --list` with cloudstack.cloud.cloudstack against a strict simulator.

The world (inventory_world.build_world): web1, web2, db1 (stopped) in the advanced zone, basic1 in the
basic zone, and a second web1 in project alpha.
"""
import json
import subprocess

import pytest

from inventory_world import ADVANCED, ANSIBLE_INVENTORY, ANSIBLE_PLAYBOOK, BASIC, inventory_env

PLUGIN = "plugin: cloudstack.cloud.cloudstack\n"


def hostvars(output):
    return output["_meta"]["hostvars"]


def members(output, group):
    return sorted(output.get(group, {}).get("hosts", []))


def listed(world, run_inventory, config=""):
    world.sim.reset_stats()
    returncode, output, stderr = run_inventory(world.sim, PLUGIN + config)
    assert returncode == 0, stderr
    return output


def nic_ip(vm, network):
    return next(nic["ipaddress"] for nic in vm["nic"] if nic["networkname"] == network)


def test_default_lists_running_instances_outside_projects_with_clean_vars(world, run_inventory):
    output = listed(world, run_inventory)
    assert sorted(hostvars(output)) == ["basic1", "web1", "web2"]
    web1, raw = hostvars(output)["web1"], world.vms["web1"]
    host = world.api.listHosts(id=raw["hostid"])["host"][0]
    assert web1 == {
        "id": raw["id"], "instance_name": "web1", "display_name": "Web One", "state": "Running",
        "region": "cloudstack", "zone": ADVANCED, "pod": host["podname"], "host": host["name"],
        "hypervisor": "Simulator", "template": world.template["name"], "os_type": raw.get("osdisplayname"),
        "service_offering": "Small Instance", "cpu_number": 1, "cpu_speed": 500, "memory": 512,
        "group": None, "ha_enabled": raw.get("haenable"),
        "networks": [nic["networkname"] for nic in raw["nic"]],
        "nics": [{"network": nic["networkname"], "is_default": nic["isdefault"], "ip": nic["ipaddress"],
                  "ipv6": nic.get("ip6address"), "mac": nic["macaddress"]} for nic in raw["nic"]],
        "default_ip": nic_ip(raw, "front"), "default_ip6": None, "public_ip": world.static_nat_ip,
        "port_forwarding": [], "security_groups": [], "affinity_groups": [], "ssh_keys": [],
        "instance_tags": {"env": "prod", "role": "web"}, "project": None, "account": "admin",
        "domain": "ROOT", "created": raw["created"], "ansible_host": world.static_nat_ip,
    }
    assert web1["networks"] == ["front", "back"]


def test_values_from_the_api_are_never_templated(world, run_inventory, run_ansible):
    assert hostvars(listed(world, run_inventory))["basic1"]["instance_tags"] == {"motd": "{{ 7 * 6 }}"}
    proc = run_ansible(world.sim, PLUGIN, "basic1", "-m", "ansible.builtin.debug", "-a", "var=instance_tags.motd")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"instance_tags.motd": "{{ 7 * 6 }}"' in proc.stdout


def test_export_writes_plain_strings_and_marks_only_what_could_be_a_template(world, tmp_path):
    """What AWX imports (`--list --export`, read with json.load): the values as a static source's, plain
    strings, except one that could be a template, which stays {"__ansible_unsafe": ...} and so untrusted
    when AWX hands the inventory back to a job."""
    source = tmp_path / "export.cloudstack.yml"
    source.write_text(PLUGIN)
    proc = subprocess.run([ANSIBLE_INVENTORY, "-i", str(source), "--list", "--export"], env=inventory_env(world.sim, tmp_path),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    basic1 = json.loads(proc.stdout)["_meta"]["hostvars"]["basic1"]
    assert basic1["instance_tags"] == {"motd": {"__ansible_unsafe": "{{ 7 * 6 }}"}}
    assert (basic1["instance_name"], basic1["display_name"], basic1["zone"]) == ("basic1", "Basic One", BASIC)
    assert basic1["nics"][0]["ip"] == basic1["default_ip"] and isinstance(basic1["default_ip"], str)


def test_ids_on_request(world, run_inventory):
    web1, raw = hostvars(listed(world, run_inventory, "include_ids: true\n"))["web1"], world.vms["web1"]
    host = world.api.listHosts(id=raw["hostid"])["host"][0]
    assert {key: web1[key] for key in web1 if key.endswith("_id") or key == "internal_name"} == {
        "zone_id": world.advanced["id"], "pod_id": host["podid"], "host_id": host["id"],
        "template_id": world.template["id"], "service_offering_id": world.offering["id"], "project_id": None,
        "domain_id": raw["domainid"], "internal_name": raw["instancename"]}


def test_ansible_host_prefers_public_addresses_then_the_default_nic(world, run_inventory):
    vars_ = hostvars(listed(world, run_inventory))
    assert vars_["web1"]["ansible_host"] == world.static_nat_ip and "ansible_port" not in vars_["web1"]
    assert (vars_["web2"]["ansible_host"], vars_["web2"]["ansible_port"]) == (world.forwarded_ip, 2222)
    assert (vars_["web2"]["public_ip"], vars_["web2"]["port_forwarding"]) == (world.forwarded_ip, [{
        "public_ip": world.forwarded_ip, "public_port": 2222, "public_end_port": 2222, "private_port": 22,
        "private_end_port": 22, "protocol": "tcp"}])
    assert vars_["basic1"]["ansible_host"] == nic_ip(world.vms["basic1"], "defaultGuestNetwork")
    assert "ansible_port" not in vars_["basic1"]
    assert vars_["basic1"]["security_groups"] == ["default"]
    private = hostvars(listed(world, run_inventory, "ansible_host_preference: [private_ipv6, private_ip]\n"))
    assert private["web1"]["ansible_host"] == nic_ip(world.vms["web1"], "front")
    assert private["web2"]["ansible_host"] == nic_ip(world.vms["web2"], "front")
    assert "ansible_port" not in private["web2"]


def test_states_zones_and_tags_filter(world, run_inventory):
    assert sorted(hostvars(listed(world, run_inventory, "states: []\n"))) == ["basic1", "db1", "web1", "web2"]
    assert sorted(hostvars(listed(world, run_inventory, "states: [Stopped]\n"))) == ["db1"]
    assert sorted(hostvars(listed(world, run_inventory, "states: [Stopped, Running]\nzones: [%s]\n" % BASIC))) == [
        "basic1"]
    assert sorted(hostvars(listed(world, run_inventory, "states: []\ntags: {env: prod}\n"))) == ["web1", "web2"]
    assert sorted(hostvars(listed(world, run_inventory, "tags: {env: prod, role: web}\n"))) == ["web1"]


def test_jmespath_filter_sees_the_host_vars(world, run_inventory):
    config = "states: []\nfilter: \"contains(networks, 'back')\"\n"
    assert sorted(hostvars(listed(world, run_inventory, config))) == ["db1", "web1"]
    config = "hostvars_prefix: cs_\nfilter: \"cs_zone == '%s' && cs_public_ip != null\"\n" % ADVANCED
    assert sorted(hostvars(listed(world, run_inventory, config))) == ["web1", "web2"]


def test_projects_and_unique_names(world, run_inventory):
    everything = hostvars(listed(world, run_inventory, "projects: [all]\ninstances_outside_projects: true\n"))
    assert sorted(everything) == ["basic1", "web1_admin", "web1_alpha", "web2"]
    assert everything["web1_alpha"]["project"] == "alpha"
    assert everything["web1_alpha"]["id"] == world.vms["alpha/web1"]["id"]
    only_alpha = hostvars(listed(world, run_inventory, "projects: [alpha]\n"))
    assert sorted(only_alpha) == ["web1"]
    assert only_alpha["web1"]["id"] == world.vms["alpha/web1"]["id"]


def test_hostname_preferences_fall_back_in_order(world, run_inventory):
    vars_ = hostvars(listed(world, run_inventory, "hostnames: [display_name, name]\n"))
    assert sorted(vars_) == ["Basic One", "Web One", "web2"]  # web2 has no display name of its own
    by_nic = hostvars(listed(world, run_inventory, "hostnames: ['nic:back', instance_tags.role, name]\nstates: []\n"))
    assert sorted(by_nic) == sorted([nic_ip(world.vms["web1"], "back"), nic_ip(world.vms["db1"], "back"),
                                     "basic1", "web2"])
    by_tag = hostvars(listed(world, run_inventory, "hostnames: [instance_tags.role, public_ip, id]\n"))
    assert sorted(by_tag) == sorted(["web", world.forwarded_ip, world.vms["basic1"]["id"]])


def test_constructed_groups_compose_and_prefix(world, run_inventory):
    config = """hostvars_prefix: cs_
keyed_groups:
  - key: cs_zone
    prefix: zone
  - key: cs_instance_tags
    prefix: tag
  - key: cs_security_groups
    prefix: sg
  - key: cs_state
leading_separator: false
groups:
  frontends: "'front' in cs_networks"
compose:
  ansible_user: "'admin' if cs_zone == '%s' else 'root'"
  memory_gb: cs_memory / 1024
""" % BASIC
    output = listed(world, run_inventory, config)
    assert members(output, "zone_Sandbox_simulator_advanced") == ["web1", "web2"]
    assert members(output, "zone_Sandbox_simulator_basic") == ["basic1"]
    assert members(output, "tag_env_prod") == ["web1", "web2"]
    assert members(output, "tag_role_web") == ["web1"]
    assert members(output, "sg_default") == ["basic1"]
    assert members(output, "Running") == ["basic1", "web1", "web2"]
    assert members(output, "frontends") == ["web1", "web2"]
    basic1 = hostvars(output)["basic1"]
    # ansible-core < 2.19 renders a number as text outside native Jinja
    assert (basic1["ansible_user"], float(basic1["memory_gb"]), basic1["cs_zone"]) == ("admin", 0.5, BASIC)
    assert "zone" not in basic1 and hostvars(output)["web1"]["ansible_user"] == "root"


def test_cached_run_makes_no_api_call(world, run_inventory, tmp_path):
    config = PLUGIN + "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % (tmp_path / "c")
    world.sim.reset_stats()
    returncode, cold, stderr = run_inventory(world.sim, config)
    assert returncode == 0, stderr
    cold_calls = world.sim.stats()["calls"]
    assert cold_calls == {"listVirtualMachines": 1, "listPortForwardingRules": 1, "listHosts": 1}
    world.sim.reset_stats()
    returncode, cached, stderr = run_inventory(world.sim, config)
    assert returncode == 0, stderr
    assert world.sim.stats()["total"] == 0
    assert cached == cold
    # ansible-playbook takes --flush-cache under every core (ansible-inventory only from 2.19)
    source, play = tmp_path / "flush.cloudstack.yml", tmp_path / "play.yml"
    source.write_text(config)
    play.write_text("- hosts: all\n  gather_facts: false\n  tasks: []\n")
    flush = subprocess.run([ANSIBLE_PLAYBOOK, "-i", str(source), "--flush-cache", str(play)],
                           env=inventory_env(world.sim, tmp_path), capture_output=True, text=True, timeout=300,
                           check=False)
    assert flush.returncode == 0, flush.stdout + flush.stderr
    assert world.sim.stats()["calls"] == cold_calls
    world.sim.reset_stats()
    returncode, refreshed, stderr = run_inventory(world.sim, config)
    assert returncode == 0 and world.sim.stats()["total"] == 0 and refreshed == cold, stderr


@pytest.mark.parametrize("config, message", [
    ("zones: [Nowhere]\n", "zones: zone 'Nowhere' not found in region cloudstack; existing: %s, %s" % (ADVANCED, BASIC)),
    ("projects: [beta]\n", "projects: project 'beta' not found in region cloudstack; existing: alpha"),
    ("states: [Runing]\n", "Runing"),
    ("filter: 'memory >'\n", "filter: 'memory >' is not a valid JMESPath expression"),
    ("regions: [{api_region: nowhere}]\n", "regions[0]: region 'nowhere' (api_region or CLOUDSTACK_REGION) is not a section"),
])
def test_bad_configuration_is_a_clear_error(world, run_inventory, config, message):
    returncode, output, stderr = run_inventory(world.sim, PLUGIN + config)
    assert returncode != 0
    assert "".join(message.split()) in "".join(stderr.split())  # older cores wrap warnings, at hyphens too
    assert "Traceback" not in stderr
