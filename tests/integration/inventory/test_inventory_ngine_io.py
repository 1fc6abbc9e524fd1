"""Inventory sources written for ngine_io.cloudstack.instance work with only `plugin:` changed:
its file name convention (`*cloudstack-instances.yml`) and its options, with the same meaning."""
import pytest

from cloudstack_simulator.process import SimulatorProcess
from inventory_world import ADVANCED, World

# ngine_io.cloudstack 3.3.0's EXAMPLES for its instance inventory, `plugin:` changed and nothing else
NGINE_IO_EXAMPLE = """# inventory_cloudstack.yml file in YAML format
# Example command line: ansible-inventory --list -i cloudstack-instances.yml
plugin: cloudstack.cloud.cloudstack

# Use the default ip as ansible_host
hostname: v4_default_ip

# Return only instances related to the VPC vpc1 and in the zone EU, having tag mytag.
filter_by_vpc: vpc1
filter_by_zone: EU
filter_by_tags:
 - key: mytag
   value: mytagvalue

# Group instances with a disk_offering as storage
# Create a group dmz for instances connected to the dmz network
groups:
  storage: disk_offering is defined
  dmz: "'dmz' in networks"

# Group the instances by network, with net_network1 as name of the groups
# Group the instanes by custom tag sla, groups like sla_value for tag sla
keyed_groups:
  - prefix: net
    key: networks
  - prefix: sla
    key: tags.sla
"""


@pytest.fixture(scope="module")
def eu_world(tmp_path_factory):
    """The advanced zone renamed EU, with a VPC vpc1 (tier t1) and an isolated network: tagged
    instances in the tier (`in-vpc`), outside the VPC (`outside`), and an untagged one in the tier."""
    with SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))) as sim:
        world = World(sim)
        api = world.api
        zone = world.one("listZones", name=ADVANCED)
        world.advanced = api.updateZone(id=zone["id"], name="EU")["zone"]
        world.offering = world.one("listServiceOfferings", name="Small Instance")
        world.template = api.listTemplates(templatefilter="featured", fetch_list=True)[0]
        vpc = api.createVPC(name="vpc1", displaytext="vpc1", cidr="10.50.0.0/16", zoneid=zone["id"],
                            vpcofferingid=world.one("listVPCOfferings", name="Default VPC offering")["id"])["vpc"]
        tier = api.createNetwork(zoneid=zone["id"], name="t1", displaytext="t1", vpcid=vpc["id"], gateway="10.50.1.1",
                                 netmask="255.255.255.0", networkofferingid=world.one(
                                     "listNetworkOfferings", name="DefaultIsolatedNetworkOfferingForVpcNetworks")["id"])
        isolated = api.createNetwork(zoneid=zone["id"], name="n1", displaytext="n1", networkofferingid=world.one(
            "listNetworkOfferings", name="DefaultIsolatedNetworkOfferingWithSourceNatService")["id"])
        for label, network, tagged in (("in-vpc", tier, True), ("outside", isolated, True), ("untagged", tier, False)):
            vm = world.deploy(label, world.advanced, [network["network"]], name=label)
            if tagged:
                api.createTags(resourceids=vm["id"], resourcetype="UserVm", tags=[{"key": "mytag", "value": "mytagvalue"}])
        world.vms["in-vpc"] = world.one("listVirtualMachines", id=world.vms["in-vpc"]["id"])
        yield world


def test_the_ngine_io_example_source_works_with_plugin_changed(eu_world, run_inventory):
    eu_world.sim.reset_stats()
    returncode, output, stderr = run_inventory(eu_world.sim, NGINE_IO_EXAMPLE, name="cloudstack-instances.yml")
    assert returncode == 0, stderr
    assert sorted(output["_meta"]["hostvars"]) == ["in-vpc"]
    vm = eu_world.vms["in-vpc"]
    host = output["_meta"]["hostvars"]["in-vpc"]
    assert (host["zone"], host["instance_tags"]) == ("EU", {"mytag": "mytagvalue"})
    assert host["ansible_host"] == vm["nic"][0]["ipaddress"]  # hostname: v4_default_ip
    assert "storage" not in output and "dmz" not in output
    assert output["net_t1"]["hosts"] == ["in-vpc"]  # networks are network names, as in ngine_io
    calls = eu_world.sim.stats()["calls"]
    assert calls["listVPCs"] == 1 and calls["listZones"] == 1 and calls["listVirtualMachines"] == 1


@pytest.mark.parametrize("hostname, expected", [("v4_public_ip", None), ("hostname", "in-vpc")])
def test_hostname_picks_ansible_host_as_in_ngine_io(eu_world, run_inventory, hostname, expected):
    config = "plugin: cloudstack.cloud.cloudstack\nfilter_by_vpc: vpc1\nfilter_by_tags: [{key: mytag, value: mytagvalue}]\n"
    returncode, output, stderr = run_inventory(eu_world.sim, config + "hostname: %s\n" % hostname)
    assert returncode == 0, stderr
    assert output["_meta"]["hostvars"]["in-vpc"].get("ansible_host") == expected  # no public address here


@pytest.mark.parametrize("config, message", [
    ("filter_by_zone: EU\nzones: [EU]\n", "filter_by_zone and zones mean the same; give only one"),
    ("hostname: v4_default_ip\nansible_host_preference: [private_ip]\n", "hostname and ansible_host_preference mean"),
    ("filter_by_tags: [{name: mytag}]\n", "filter_by_tags: each entry must be {key: ..., value: ...}"),
    ("filter_by_vpc: vpc9\n", "filter_by_vpc: VPC 'vpc9' not found in region cloudstack; existing: vpc1"),
])
def test_ngine_io_options_fail_clearly(eu_world, run_inventory, config, message):
    returncode, output, stderr = run_inventory(eu_world.sim, "plugin: cloudstack.cloud.cloudstack\n" + config)
    assert returncode != 0
    assert "".join(message.split()) in "".join(stderr.split())
