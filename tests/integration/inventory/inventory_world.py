"""What the inventory tests share: the small known world they build in a simulator, names, and the
environment and output helpers of their ansible runs (here, not in conftest.py, whose module name
clashes with other suites' conftest.py when pytest runs them together)."""
import os
import sys

from cs import CloudStack

from collection import COLLECTIONS, link

ANSIBLE_INVENTORY = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
ANSIBLE = os.path.join(os.path.dirname(sys.executable), "ansible")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
ADVANCED, BASIC = "Sandbox-simulator-advanced", "Sandbox-simulator-basic"
PLUGIN_HEADER = "plugin: cloudstack.cloud.cloudstack\n"


class World:
    """What build_world created: ids and addresses by instance name, for exact assertions."""

    def __init__(self, sim):
        self.sim = sim
        self.api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret, fetch_result=True)
        self.vms = {}

    def one(self, command, **params):
        [item] = getattr(self.api, command)(fetch_list=True, **params)
        return item

    def deploy(self, label, zone, networks=(), **params):
        vm = self.api.deployVirtualMachine(zoneid=zone["id"], serviceofferingid=self.offering["id"],
                                           templateid=self.template["id"],
                                           networkids=[n["id"] for n in networks] or None, **params)
        vm = vm.get("virtualmachine", vm)
        self.vms[label] = vm
        return vm


def build_world(sim):
    """Advanced zone: web1 (front+back, static NAT, tags), web2 (port forwarding 2222->22), db1
    (stopped); basic zone: basic1 (a tag that looks like a template); project alpha: another web1
    (same name as the first)."""
    world = World(sim)
    api = world.api
    world.advanced = world.one("listZones", name=ADVANCED)
    world.basic = world.one("listZones", name=BASIC)
    world.offering = world.one("listServiceOfferings", name="Small Instance")
    world.template = api.listTemplates(templatefilter="featured", fetch_list=True)[0]
    isolated = world.one("listNetworkOfferings", name="DefaultIsolatedNetworkOfferingWithSourceNatService")

    def network(name, **params):
        return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=isolated["id"], name=name,
                                 displaytext=name, **params)["network"]

    front, back = network("front"), network("back")
    web1 = world.deploy("web1", world.advanced, [front, back], name="web1", displayname="Web One")
    api.createTags(resourceids=web1["id"], resourcetype="UserVm",
                   tags=[{"key": "env", "value": "prod"}, {"key": "role", "value": "web"}])
    nat = api.associateIpAddress(networkid=front["id"])["ipaddress"]
    api.enableStaticNat(ipaddressid=nat["id"], virtualmachineid=web1["id"])
    world.static_nat_ip = nat["ipaddress"]

    web2 = world.deploy("web2", world.advanced, [front], name="web2")
    api.createTags(resourceids=web2["id"], resourcetype="UserVm", tags=[{"key": "env", "value": "prod"}])
    forwarded = api.associateIpAddress(networkid=front["id"])["ipaddress"]
    api.createPortForwardingRule(ipaddressid=forwarded["id"], privateport=22, publicport=2222, protocol="tcp",
                                 virtualmachineid=web2["id"])
    world.forwarded_ip = forwarded["ipaddress"]

    db1 = world.deploy("db1", world.advanced, [back], name="db1")
    api.stopVirtualMachine(id=db1["id"])
    basic1 = world.deploy("basic1", world.basic, name="basic1", displayname="Basic One")
    api.createTags(resourceids=basic1["id"], resourcetype="UserVm", tags=[{"key": "motd", "value": "{{ 7 * 6 }}"}])

    alpha = api.createProject(name="alpha", displaytext="alpha")["project"]
    alpha_net = network("alpha-net", projectid=alpha["id"])
    world.deploy("alpha/web1", world.advanced, [alpha_net], name="web1", projectid=alpha["id"])
    for label, vm in list(world.vms.items()):
        world.vms[label] = api.listVirtualMachines(id=vm["id"], projectid=alpha["id"] if label.startswith("alpha/")
                                                   else None, listall=True)["virtualmachine"][0]
    return world


def inventory_env(sim, tmp_path):
    link()
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    return env


def plain(value):
    """--list output with the values as they are: ansible-inventory writes strings that came from the
    API (and so must never be templated) as {"__ansible_unsafe": "..."}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
