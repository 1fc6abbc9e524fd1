"""--instances N: a populated cloud for inventory tests and benchmarks, built straight into the store.

Instances are spread over domains, accounts and projects, both zones, several isolated networks,
states (mostly Running, some Stopped), tags, security and affinity groups, and some have a public
IP by static NAT. Hosts are sized to hold what runs on them. The same --seed gives the same cloud.
--instances-account NAME puts them all in one account instead, outside projects: the world a
tool sees that only lists the caller's own instances.
"""
import ipaddress
import random
import uuid

from .models import accounts, capacity, domains, network, projects, publicips, users, volumes
from .models.common import now, owner_fields
from .models.hosts import GIB

DOMAINS = [("Engineering", None), ("QA", "Engineering"), ("Sales", None)]
ACCOUNTS = [("alice", "Engineering"), ("bob", "Engineering"), ("carol", "QA"), ("dave", "Sales"),
            ("erin", "ROOT")]
PROJECTS = [("webshop", "alice"), ("analytics", "dave")]
ROLES = ["web", "db", "cache", "worker", "lb"]
ENVIRONMENTS = ["prod", "staging", "dev"]
BASIC_ZONE_EVERY = 50  # at most one instance in 50 in the Basic zone: its guest range only has 253 addresses
STATIC_NAT_SHARE = 0.01
STOPPED_SHARE = 0.1
NETWORK_PREFIX = 20  # 4094 guest addresses per bulk network
INSTANCES_PER_NETWORK = 400


class Filler:
    def __init__(self, store, seed):
        self.store = store
        self.rng = random.Random(seed)
        self.mac = 0

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def owners(self):
        store = self.store
        root = store.first("domain", _path="/")
        named = {"ROOT": root}
        for name, parent in DOMAINS:
            named[name] = domains.make_domain(store, name, named[parent or "ROOT"])
        members = [store.first("account", name="admin", domainid=root["id"])]
        for name, domain in ACCOUNTS:
            account = accounts.make_account(store, name, named[domain])
            users.make_user(store, account, name, "password", name.capitalize(), "Simulated", "%s@example.com" % name)
            members.append(account)
        owners = [(a, None) for a in members]
        by_name = {a["name"]: a for a in members}
        for name, owner in PROJECTS:
            project = projects.make_project(store, name, "Project %s" % name, by_name[owner])
            owners.append((store.get("account", project["_accountid"]), project))
        return owners

    def networks(self, zone, owners, count):
        """`count` isolated networks in the Advanced zone, one or more per owner."""
        store = self.store
        offering = store.first("networkoffering", name="DefaultIsolatedNetworkOfferingWithSourceNatService")
        networks = {}
        for index in range(count):
            account, project = owners[index % len(owners)]
            subnet = ipaddress.IPv4Network((int(ipaddress.IPv4Address("10.0.0.0")) + (index << (32 - NETWORK_PREFIX)),
                                            NETWORK_PREFIX))
            gateway = str(subnet.network_address + 1)
            name = "%s-net-%d" % (project["name"] if project else account["name"], index // len(owners))
            net = network.make_network(store, zone, offering, name, None, account, project, gateway,
                                       str(subnet.netmask))
            network.implement(store, net)
            networks.setdefault(account["id"], []).append([net, subnet.network_address + 2])
        return networks

    def nic(self, vm, net, address):
        self.mac += 1
        mac = (0x40 | (self.mac >> 24) & 0x3f, (self.mac >> 16) & 0xff, (self.mac >> 8) & 0xff, self.mac & 0xff)
        nic = {"id": self.uuid(), "virtualmachineid": vm["id"], "networkid": net["id"], "networkname": net["name"],
               "ipaddress": address, "gateway": net["gateway"], "netmask": net["netmask"],
               "macaddress": "1e:00:%02x:%02x:%02x:%02x" % mac,
               "isdefault": True, "traffictype": "Guest", "type": net["type"], "deviceid": "0",
               "broadcasturi": net.get("broadcasturi"), "isolationuri": net.get("broadcasturi"), "ip6address": None,
               "secondaryip": [], "extradhcpoption": [], "mtu": 1500}
        self.store.put("nic", nic)


def fill(store, count, seed=0, account=None):
    zones = {z["networktype"]: z for z in store.all("zone")}
    basic, advanced = zones["Basic"], zones["Advanced"]
    guest = store.first("network", name="defaultGuestNetwork")
    guest_addresses = list(ipaddress.IPv4Network(guest["cidr"]).hosts())[1:]
    check_capacity(store, advanced, count, len(guest_addresses), 1 if account else len(ACCOUNTS) + len(PROJECTS) + 1)
    filler = Filler(store, seed)
    rng = filler.rng
    owners = filler.owners()
    if account is not None:
        names = sorted(owner["name"] for owner, project in owners if project is None)
        owners = [(owner, project) for owner, project in owners if project is None and owner["name"] == account]
        if not owners:
            raise ValueError("--instances-account: no account %r; there are: %s" % (account, ", ".join(names)))
    networks = filler.networks(advanced, owners, network_count(count, len(owners)))
    guest_addresses = iter(guest_addresses)
    template = store.first("template", templatetype="BUILTIN")
    ostype = store.get("ostype", template["ostypeid"])
    offerings = [store.first("serviceoffering", name=n) for n in ("Small Instance", "Medium Instance")]
    hosts = {zone_id: store.find("host", zoneid=zone_id) for zone_id in (basic["id"], advanced["id"])}
    pools = {pool["clusterid"]: pool for pool in reversed(store.all("storagepool"))}
    anti_affinity = {}
    prefix = store.first("configuration", name="instance.name")["value"]
    free_ips = iter(a for a in store.find("publicipaddress", zoneid=advanced["id"], state="Free"))
    basic_left = count // BASIC_ZONE_EVERY
    admin = store.first("user", username="admin")
    # who deployed: the account's own user; in projects, the admin
    deployers = {}
    for account, project in owners:
        deployers[account["id"]] = admin if project else store.first("user", accountid=account["id"])
    for number in range(1, count + 1):
        account, project = owners[rng.randrange(len(owners))]
        in_basic = basic_left > 0 and project is None and rng.random() < 2 / BASIC_ZONE_EVERY
        zone = basic if in_basic else advanced
        offering = offerings[rng.random() < 0.3]
        role, env = ROLES[number % len(ROLES)], ENVIRONMENTS[rng.randrange(len(ENVIRONMENTS))]
        name = "%s-%s-%05d" % (env, role, number)
        running = rng.random() >= STOPPED_SHARE
        host = hosts[zone["id"]][number % len(hosts[zone["id"]])]
        vm = {"id": filler.uuid(), "name": name, "displayname": name, "instancename": "i-2-%d-%s" % (number, prefix),
              "state": "Running" if running else "Stopped", "haenable": False, "zoneid": zone["id"],
              "zonename": zone["name"], "templateid": template["id"], "templatename": template["name"],
              "templatedisplaytext": template["displaytext"], "templatetype": template["templatetype"],
              "templateformat": template["format"], "passwordenabled": template["passwordenabled"],
              "serviceofferingid": offering["id"], "serviceofferingname": offering["name"],
              "cpunumber": offering["cpunumber"], "cpuspeed": offering["cpuspeed"], "memory": offering["memory"],
              "guestosid": ostype["id"], "ostypeid": ostype["id"], "osdisplayname": ostype["description"],
              "rootdeviceid": 0, "rootdevicetype": "ROOT", "hypervisor": template["hypervisor"],
              "isdynamicallyscalable": True, "created": now(), "lastupdated": now(), "keypairs": None,
              "details": {}, "displayvm": True, "deleteprotection": False, "arch": "x86_64", "vmtype": "User",
              "pooltype": "NetworkFilesystem", "userid": deployers[account["id"]]["id"],
              "username": deployers[account["id"]]["username"], "hasannotations": False,
              "group": None, "groupid": None, "_securitygroups": [], "_affinitygroups": [], "_userdata": None,
              "_lasthostid": host["id"]}
        if running:
            vm.update(hostid=host["id"], hostname=host["name"], hostcontrolstate="Enabled")
        vm.update(owner_fields(store, account, project))
        volumes.make_root_volume(store, vm, template, volume_id=filler.uuid(), pool=pools[host["clusterid"]])
        if in_basic:
            basic_left -= 1
            default_group = store.first("securitygroup", _accountid=account["id"], name="default")
            vm["_securitygroups"] = [default_group["id"]]
            store.put("virtualmachine", vm)
            filler.nic(vm, guest, str(next(guest_addresses)))
        else:
            entry = networks[account["id"]][rng.randrange(len(networks[account["id"]]))]
            store.put("virtualmachine", vm)
            filler.nic(vm, entry[0], str(entry[1]))
            entry[1] += 1
            if role == "db":
                group = anti_affinity.get(account["id"])
                if group is None:
                    group = {"id": filler.uuid(), "name": "db-anti-affinity", "description": "spread databases",
                             "type": "host anti-affinity", "dedicatedresources": []}
                    group.update(owner_fields(store, account, project))
                    anti_affinity[account["id"]] = store.put("affinitygroup", group)
                vm["_affinitygroups"] = [group["id"]]
            if running and rng.random() < STATIC_NAT_SHARE:
                address = next(free_ips, None)
                if address:
                    publicips.allocate_address(store, zone, account, entry[0], address=address["ipaddress"])
                    nic = store.children("nic", vm["id"])[0]
                    publicips.enable_static_nat(store, address, vm, nic)
        tags = [("env", env), ("role", role)]
        if rng.random() < 0.3:
            tags.append(("team", ("blue", "green", "red")[rng.randrange(3)]))
        for key, value in tags:
            tag = {"id": filler.uuid(), "key": key, "value": value, "resourcetype": "UserVm", "resourceid": vm["id"],
                   "customer": None}
            tag.update(owner_fields(store, account, project))
            store.put("tag", tag)
    size_hosts(store)
    size_pools(store)
    store.put("counter", {"id": "vm", "value": count})
    store.put("counter", {"id": "mac", "value": 0x100000 + filler.mac})


def network_count(count, owner_count):
    return max(owner_count, count // INSTANCES_PER_NETWORK + 1)


def check_capacity(store, zone, count, basic_addresses, owner_count):
    """Refuse, before anything is built, more instances than the sandbox's networks can address.

    The Basic zone's share needs free addresses in its guest network; the Advanced zone's isolated
    networks (one per INSTANCES_PER_NETWORK instances, one at least per owner) each need a free guest
    VLAN and a public address for source NAT. Hosts are not a limit: they are sized to what runs on them.
    """
    pnet = store.first("physicalnetwork", zoneid=zone["id"])
    low, high = (int(x) for x in pnet["vlan"].split("-"))
    used_vlans = {n.get("vlan") for n in store.find("network", zoneid=zone["id"])}
    free_vlans = sum(1 for vlan in range(low, high + 1) if str(vlan) not in used_vlans)
    free_public = len(store.find("publicipaddress", zoneid=zone["id"], state="Free"))
    networks = min(free_vlans, free_public)
    most_by_basic = (basic_addresses + 1) * BASIC_ZONE_EVERY - 1
    most_by_networks = networks * INSTANCES_PER_NETWORK - 1 if networks >= owner_count else 0
    most = min(most_by_basic, most_by_networks)
    if count > most or network_count(count, owner_count) > networks:
        raise ValueError(
            "--instances %d: the sandbox holds at most %d instances (the Basic zone's guest network has %d free "
            "addresses for one instance in %d; the Advanced zone has %d free guest VLANs and %d free public "
            "addresses for source NAT, one of each per %d instances)"
            % (count, most, basic_addresses, BASIC_ZONE_EVERY, free_vlans, free_public, INSTANCES_PER_NETWORK))


def size_hosts(store):
    """Give every host room for what runs on it, plus headroom for new deployments."""
    cpu, memory = {}, {}
    for vm in store.all("virtualmachine"):
        if vm.get("hostid"):
            cpu[vm["hostid"]] = cpu.get(vm["hostid"], 0) + vm["cpunumber"] * vm["cpuspeed"]
            memory[vm["hostid"]] = memory.get(vm["hostid"], 0) + vm["memory"] * 1024 * 1024
    for host in store.all("host"):
        needed_cores = -(-int(cpu.get(host["id"], 0) * 1.5) // host["cpuspeed"])
        host["cpunumber"] = max(host["cpunumber"], needed_cores)
        host["memorytotal"] = max(host["memorytotal"], -(-int(memory.get(host["id"], 0) * 1.5) // GIB) * GIB)
        store.put("host", host)


def size_pools(store):
    """Give every primary storage pool room for the volumes on it, plus headroom for new deployments."""
    for pool in store.all("storagepool"):
        allocated = capacity.pool_allocated(store, pool)
        room = capacity.pool_total(store, pool) / pool["capacitybytes"]  # the overprovisioning factor its type gets
        pool["capacitybytes"] = max(pool["capacitybytes"], -(-int(allocated * 1.5 / room) // GIB) * GIB)
        pool["disksizetotal"] = pool["capacitybytes"]
        store.put("storagepool", pool)
