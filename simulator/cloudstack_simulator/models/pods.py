"""Pods of a zone: createPod, listPods, updatePod, deletePod."""
from .. import exceptions
from ..registry import command
from .capacity import showing_capacities
from .common import new_id
from .netutils import cidr_network, ip_value, is_valid_ip4, is_valid_ip4_netmask, last_usable_ip, netmask_network
from .resource import Resource
from .zones import check_allocation_state

PODS = Resource("pod", "pod", "listPods", filters=("allocationstate",), admin=True)
PODS.viewer = showing_capacities(PODS.view, lambda pod: (pod["zoneid"], pod["id"]))


def make_pod(store, zone, name, gateway, netmask, startip, endip, allocationstate="Enabled"):
    pod = {"id": new_id(), "name": name, "zoneid": zone["id"], "zonename": zone["name"], "gateway": gateway,
           "netmask": netmask, "startip": [startip] if startip else [], "endip": [endip] if endip else [],
           "allocationstate": allocationstate, "hasannotations": False,
           "ipranges": [{"startip": startip, "endip": endip, "forsystemvms": "0", "vlanid": None}] if startip else []}
    return store.put("pod", pod)


def check_pod_network(gateway, netmask):
    """ConfigurationManagerImpl.createPod's first checks; the pod's CIDR is its gateway's network."""
    if not is_valid_ip4(gateway):
        raise exceptions.invalid("The gateway is invalid")
    if not is_valid_ip4_netmask(netmask):
        raise exceptions.invalid("The netmask is invalid")
    return netmask_network(gateway, netmask)


def check_ip_range(startip, endip, network):
    """ConfigurationManagerImpl.checkIpRange: a range of valid addresses, in order, inside the pod's CIDR."""
    for address, which in ((startip, "start"), (endip, "end")):
        if address and not is_valid_ip4(address):
            raise exceptions.invalid("The %s address of the IP range is not a valid IP address." % which)
    for address, which in ((startip, "start"), (endip, "end")):
        if address and cidr_network("%s/%s" % (address, network.prefixlen)) != network:
            raise exceptions.invalid("The %s address of the IP range is not in the CIDR subnet." % which)
    if startip and endip and ip_value(startip) > ip_value(endip):
        raise exceptions.invalid("The start IP address must have a lower value than the end IP address.")


def check_pod_attributes(store, zone, pod_id, gateway, network, startip, endip):
    """ConfigurationManagerImpl.checkPodAttributes for a pod of a core zone (its name is checked by the caller)."""
    check_ip_range(startip, endip, network)
    if startip:
        for address in store.find("publicipaddress", zoneid=zone["id"]):
            if ip_value(startip) <= ip_value(address["ipaddress"]) <= ip_value(endip):
                raise exceptions.invalid("The Start IP and endIP address range overlap with Public IP :%s"
                                         % address["ipaddress"])
        if ip_value(startip) <= ip_value(gateway) <= ip_value(endip):
            raise exceptions.invalid("The gateway shouldn't overlap start/end IP addresses")
    check_pod_cidr_subnets(store, zone, pod_id, network)


def check_pod_cidr_subnets(store, zone, pod_id, network):
    """ConfigurationManagerImpl.checkPodCidrSubnets: the pod's subnet conflicts neither with the zone's guest
    CIDR nor with another pod of the zone (compared at the shorter of the two prefixes)."""
    def same_subnet(other):
        prefix = min(network.prefixlen, other.prefixlen)
        return network.supernet(new_prefix=prefix) == other.supernet(new_prefix=prefix)
    if zone.get("guestcidraddress") and same_subnet(cidr_network(zone["guestcidraddress"])):
        raise exceptions.invalid("The subnet of the pod you are adding conflicts with the subnet of the Guest IP "
                                 "Network. Please specify a different CIDR.")
    for other in store.find("pod", zoneid=zone["id"]):
        if other["id"] != pod_id and other.get("gateway") and same_subnet(
                netmask_network(other["gateway"], other["netmask"])):
            raise exceptions.invalid("The subnet of the pod you are adding conflicts with the subnet of pod %s in "
                                     "zone %s. Please specify a different CIDR." % (other["name"], zone["name"]))


def check_unique_name(store, name, zone):
    if store.first("pod", name=name, zoneid=zone["id"]):
        raise exceptions.invalid("A pod with name: %s already exists in zone %s. Please specify a different pod name. "
                                 % (name, zone["name"]))


@command("createPod")
def create_pod(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    gateway, startip = params.get("gateway"), params.get("startip")
    network = check_pod_network(gateway, params.get("netmask"))
    # Without an end, the range ends at the CIDR's last usable address (NetUtils.getIpRangeEndIpFromCidr).
    endip = params.get("endip") or (last_usable_ip(network) if startip else None)
    check_unique_name(ctx.store, params["name"], zone)
    check_pod_attributes(ctx.store, zone, None, gateway, network, startip, endip)
    check_allocation_state(params.get("allocationstate"))
    pod = make_pod(ctx.store, zone, params["name"], gateway, params["netmask"], startip, endip,
                   params.get("allocationstate") or "Enabled")
    return PODS.answer(ctx, pod)


@command("updatePod")
def update_pod(ctx, params):
    """editPod: the values not given are the pod's own, and the result is checked as a new pod is."""
    store = ctx.store
    pod = PODS.owned(ctx)
    zone = store.get("zone", pod["zoneid"])
    name = params.get("name") or pod["name"]
    gateway = params.get("gateway") or pod["gateway"]
    netmask = params.get("netmask") or pod["netmask"]
    startip = params.get("startip") or (pod["startip"][0] if pod["startip"] else None)
    endip = params.get("endip") or (pod["endip"][0] if pod["endip"] else None)
    network = check_pod_network(gateway, netmask)
    if name != pod["name"]:
        check_unique_name(store, name, zone)
    check_pod_attributes(store, zone, pod["id"], gateway, network, startip, endip)
    check_allocation_state(params.get("allocationstate"))
    if name != pod["name"]:
        pod["name"] = name
        for kind in ("cluster", "host", "storagepool"):
            for record in store.find(kind, podid=pod["id"]):
                record["podname"] = name
                store.put(kind, record)
    pod.update(gateway=gateway, netmask=netmask, allocationstate=params.get("allocationstate") or pod["allocationstate"])
    if startip:
        pod.update(startip=[startip], endip=[endip],
                   ipranges=[{"startip": startip, "endip": endip, "forsystemvms": "0", "vlanid": None}])
    store.put("pod", pod)
    return PODS.answer(ctx, pod)


def pod_in_use(ctx, pod):
    """ConfigurationManagerImpl.checkIfPodIsDeletable, in its order."""
    for kind, reason in (("host", "there are servers in this pod."), ("virtualmachine", "there are Instances in this pod."),
                         ("cluster", "there are clusters in this pod.")):
        if ctx.store.first(kind, podid=pod["id"]):
            raise exceptions.internal("The pod cannot be deleted because %s" % reason)


PODS.delete_command("deletePod", refuse=pod_in_use)
