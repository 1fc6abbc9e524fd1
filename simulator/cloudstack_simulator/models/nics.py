"""An instance's NICs beyond those it was deployed with, and their secondary addresses (UserVmManagerImpl's
addNicToVirtualMachine, removeNicFromVirtualMachine, updateNicIpForVirtualMachine; NetworkServiceImpl's
allocateSecondaryGuestIP and releaseSecondaryIpFromNic). The NICs themselves are the instance's (virtualmachines.py)."""
from .. import exceptions
from ..registry import Job, command, finisher
from .common import new_id
from .netutils import is_valid_ip4
from .network import allocate_ip, describe_network, guest_ip_refused, implement, remove_nic
from .publicips import static_nat_of
from .virtualmachines import describe, make_nic, vm_for, vm_result

UPDATABLE_NETWORK_STATES = ("Allocated", "Implemented", "Setup")


def describe_nic(nic):
    return 'Nic {"id": "%s", "instanceId": "%s"}' % (nic["id"], nic["virtualmachineid"])


def zone_of(store, vm):
    return store.get("zone", vm["zoneid"])


def nic_for(ctx, name):
    """The NIC a nicid names, and its instance (whose owner the caller must be)."""
    nic = ctx.lookup("nic", name)
    vm = ctx.store.get("virtualmachine", nic["virtualmachineid"])
    ctx.check_owner(vm)
    return nic, vm


def check_address(value):
    if value is not None and not is_valid_ip4(value):
        raise exceptions.invalid("Invalid format for IP address parameter: %s" % value)


# NICs ------------------------------------------------------------------------------------------

@command("addNicToVirtualMachine")
def add_nic_to_virtual_machine(ctx, params):
    store = ctx.store
    vm = vm_for(ctx, "virtualmachineid")
    network = ctx.lookup("network", "networkid")
    if network["acltype"] == "Account" and network["_accountid"] != vm["_accountid"]:
        raise exceptions.permission_denied("Unable to use network with id= %s, permission denied" % network["id"])
    if any(nic["networkid"] == network["id"] for nic in store.children("nic", vm["id"])):
        raise exceptions.internal("A NIC already exists for VM:%s in network: %s" % (vm["instancename"], network["id"]))
    check_address(params.get("ipaddress"))
    zone = zone_of(store, vm)
    if zone["networktype"] == "Basic":
        raise exceptions.internal("Zone %s, has a NetworkType of Basic. Can't add a new NIC to a Instance on a Basic "
                                  "Network" % zone["name"])
    if network["zoneid"] != vm["zoneid"]:
        raise exceptions.internal("%s is in zone: %s but %s is in zone: %s" % (
            describe(vm), zone["name"], describe_network(network), network["zonename"]))
    for other in store.all("nic"):
        if other["networkid"] == network["id"]:
            peer = store.get("virtualmachine", other["virtualmachineid"])
            if peer and peer["name"] == vm["name"]:
                raise exceptions.internal("Network %s already has an Instance with host name: %s"
                                          % (network["name"], vm["name"]))
    if params.get("ipaddress") and network.get("cidr") and guest_ip_refused(store, network, params["ipaddress"]):
        raise exceptions.internal("Insufficient capacity when adding NIC to %s: Unable to acquire Guest IP address for "
                                  "network %s" % (describe(vm), describe_network(network)))
    return Job("vm.addnic", {"id": vm["id"], "networkid": network["id"], "ipaddress": params.get("ipaddress")},
               "VirtualMachine", vm["id"])


@finisher("vm.addnic")
def finish_add_nic(store, args):
    vm = store.get("virtualmachine", args["id"])
    network = store.get("network", args["networkid"])
    if vm["state"] == "Running":
        implement(store, network)
    nics = store.children("nic", vm["id"])
    make_nic(store, vm, network, not any(nic["isdefault"] for nic in nics),
             1 + max([int(nic["deviceid"]) for nic in nics] or [-1]), args["ipaddress"])
    return vm_result(store, vm["id"])


@command("removeNicFromVirtualMachine")
def remove_nic_from_virtual_machine(ctx, params):
    store = ctx.store
    vm = vm_for(ctx, "virtualmachineid")
    nic = ctx.lookup("nic", "nicid")
    network = store.get("network", nic["networkid"])
    zone = zone_of(store, vm)
    if zone["networktype"] == "Basic":
        raise exceptions.invalid("Zone %s, has a NetworkType of Basic. Can't remove a NIC from a VM on a Basic Network"
                                 % zone["name"])
    if nic["virtualmachineid"] != vm["id"]:
        raise exceptions.invalid("%s is not a NIC on %s" % (describe_nic(nic), describe(vm)))
    if nic["isdefault"]:
        raise exceptions.invalid("Unable to remove NIC from %s in %s, NIC is default." % (
            describe(vm), describe_network(network)))
    address = static_nat_of(store, vm)
    guest_ips = {nic["ipaddress"]} | {ip["ipaddress"] for ip in store.find("nicsecondaryip", nicid=nic["id"])}
    if (address and address.get("vmipaddress") in guest_ips) or any(
            rule["networkid"] == network["id"] for rule in store.find("portforwardingrule", virtualmachineid=vm["id"])):
        raise exceptions.invalid("Unable to remove NIC from %s in %s, NIC has associated Port forwarding or Load "
                                 "balancer or Static NAT rules." % (describe(vm), describe_network(network)))
    return Job("vm.removenic", {"id": vm["id"], "nicid": nic["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.removenic")
def finish_remove_nic(store, args):
    nic = store.get("nic", args["nicid"])
    if nic:
        remove_nic(store, nic)
    return vm_result(store, args["id"])


@command("updateVmNicIp")
def update_vm_nic_ip(ctx, params):
    store = ctx.store
    nic, vm = nic_for(ctx, "nicid")
    network = store.get("network", nic["networkid"])
    if network["state"] not in UPDATABLE_NETWORK_STATES:
        raise exceptions.invalid("Network is not in the right state to update vm nic ip. Correct states are: %s"
                                 % ", ".join(UPDATABLE_NETWORK_STATES))
    if network["service"] and vm["state"] != "Stopped":
        raise exceptions.invalid("VM is not Stopped, unable to update the vm nic having the specified id")
    check_address(params.get("ipaddress"))
    if not network.get("cidr"):
        raise exceptions.invalid("UpdateVmNicIpCmd is not supported in L2 network")
    wanted = params.get("ipaddress")
    if wanted == nic["ipaddress"] or (wanted and guest_ip_refused(store, network, wanted)):
        raise exceptions.invalid("Allocating IP to guest NIC %s failed, please choose another IP" % describe_nic(nic))
    return Job("vm.updatenicip", {"id": vm["id"], "nicid": nic["id"], "ipaddress": wanted}, "VirtualMachine", vm["id"])


@finisher("vm.updatenicip")
def finish_update_nic_ip(store, args):
    nic = store.get("nic", args["nicid"])
    network = store.get("network", nic["networkid"])
    nic["ipaddress"] = args["ipaddress"] or allocate_ip(store, network)
    store.put("network", network)
    store.put("nic", nic)
    return vm_result(store, args["id"])


# Secondary addresses ---------------------------------------------------------------------------

def secondary_view(store, address):
    return {key: address[key] for key in ("id", "ipaddress", "nicid", "networkid", "virtualmachineid")}


@command("addIpToNic")
def add_ip_to_nic(ctx, params):
    store = ctx.store
    nic, vm = nic_for(ctx, "nicid")
    network = store.get("network", nic["networkid"])
    limit = int(ctx.setting("vm.network.nic.max.secondary.ipaddresses") or 256)
    if len(store.find("nicsecondaryip", nicid=nic["id"])) >= limit:
        raise exceptions.invalid("Allocating guest IP for NIC failed : Maximum Number of IPs per NIC has been crossed.")
    if network["type"] not in ("Isolated", "Shared") or not network.get("cidr"):
        raise exceptions.internal("Failed to assign secondary IP to NIC")
    wanted = params.get("ipaddress")
    if wanted and (not is_valid_ip4(wanted) or guest_ip_refused(store, network, wanted)):
        raise exceptions.internal("Failed to assign secondary IP to NIC")
    address = {"id": new_id(), "ipaddress": wanted or allocate_ip(store, network), "nicid": nic["id"],
               "networkid": network["id"], "virtualmachineid": vm["id"], "_accountid": vm["_accountid"]}
    store.put("network", network)
    store.put("nicsecondaryip", address)
    store.put("nic", nic)  # the instance's rendering shows it
    return Job("nic.addip", {"id": address["id"]}, "IpAddress", address["id"])


@finisher("nic.addip")
def finish_add_ip(store, args):
    return {"nicsecondaryip": secondary_view(store, store.get("nicsecondaryip", args["id"]))}


@command("removeIpFromNic")
def remove_ip_from_nic(ctx, params):
    store = ctx.store
    address = ctx.lookup("nicsecondaryip", "id")
    vm = store.get("virtualmachine", address["virtualmachineid"])
    ctx.check_owner(vm)
    network = store.get("network", address["networkid"])
    if network["type"] == "Isolated":
        if any(rule["vmguestip"] == address["ipaddress"]
               for rule in store.find("portforwardingrule", networkid=network["id"])):
            raise exceptions.invalid("Can't remove the secondary IP %s is associate with the port forwarding rule"
                                     % address["ipaddress"])
        nat = static_nat_of(store, vm)
        if nat and nat.get("vmipaddress") == address["ipaddress"]:
            raise exceptions.invalid("Can't remove the IP %s is associate with static NAT rule public IP address ID: %s"
                                     % (address["ipaddress"], nat["id"]))
    return Job("nic.removeip", {"id": address["id"]}, "IpAddress", address["id"])


@finisher("nic.removeip")
def finish_remove_ip(store, args):
    address = store.get("nicsecondaryip", args["id"])
    if address:
        store.delete("nicsecondaryip", address["id"])
        store.put("nic", store.get("nic", address["nicid"]))
    return {"success": True}
