"""The simulator's worlds: a fresh database's defaults (`--empty`) and the sandbox of
data/sandbox-zones.cfg on top of them (the default), as data/sandbox-README.md describes."""
import json
import os

from .catalogue import DATA_DIR
from .context import ACCOUNT_TYPE_ADMIN
from .models import (accounts, clusters, configurations, domains, guestos, hosts, network, networkacls, offerings,
                     physicalnetworks, pods, providers, regions, roles, storage, templates, users, vlans, vpcofferings, zones)
from .models.common import hypervisor_name, new_id


def build_defaults(store):
    """What a fresh CloudStack database holds: ROOT, the admin and system accounts, settings, offerings."""
    with open(os.path.join(DATA_DIR, "roles.json")) as f:
        for role in json.load(f)["roles"]:
            roles.make_role(store, role)
    root = domains.make_domain(store, "ROOT")
    system = accounts.make_account(store, "system", root, ACCOUNT_TYPE_ADMIN, default_security_group=False)
    users.make_user(store, system, "system", new_id(), "system", "cloud")
    admin = accounts.make_account(store, "admin", root, ACCOUNT_TYPE_ADMIN)
    admin["isdefault"] = system["isdefault"] = True
    store.put("account", admin)
    store.put("account", system)
    users.make_user(store, admin, "admin", "password", "Admin", "User", keys=True)
    configurations.make_defaults(store)
    regions.make_region(store, 1, "Local", regions.LOCAL_ENDPOINT)
    guestos.make_os_types(store)
    build_offerings(store)
    networkacls.make_defaults(store)
    centos = store.first("ostype", description="CentOS 5.6 (64-bit)")
    templates.make_template(store, "CentOS 5.6 (64-bit) no GUI (Simulator)", "CentOS 5.6 (64-bit) no GUI (Simulator)",
                            centos, system, [])


def build_offerings(store):
    make = offerings.make_service_offering
    make(store, "Small Instance", "Small Instance", 1, 500, 512, defaultuse=False)
    make(store, "Medium Instance", "Medium Instance", 1, 1000, 1024)
    for name, vmtype, memory in (("System Offering For Software Router", "domainrouter", 256),
                                 ("System Offering For Console Proxy", "consoleproxy", 1024),
                                 ("System Offering For Secondary Storage VM", "secondarystoragevm", 512),
                                 ("System Offering For Internal LB VM", "internalloadbalancervm", 256)):
        make(store, name, name, 1, 500, memory, issystem=True, systemvmtype=vmtype, defaultuse=True)
    for name, size in (("Small", 5), ("Medium", 20), ("Large", 100)):
        offerings.make_disk_offering(store, name, "%s Disk, %s GB" % (name, size), size * offerings.GB)
    offerings.make_disk_offering(store, "Custom", "Custom Disk", customized=True)
    build_network_offerings(store)


def build_network_offerings(store):
    """The default network and VPC offerings of a fresh database (data/network-offerings.json)."""
    with open(os.path.join(DATA_DIR, "network-offerings.json")) as f:
        data = json.load(f)
    for spec in data["networkofferings"]:
        offering = offerings.make_network_offering(
            store, spec["name"], spec["displaytext"], spec["guestiptype"], list(spec["services"].items()),
            specifyvlan=spec.get("specifyvlan", False), specifyipranges=spec.get("specifyipranges", False),
            forvpc=spec.get("forvpc", False), availability=spec.get("availability", "Optional"),
            conservemode=spec.get("conservemode", False))
        offering.update({flag: spec.get(flag, False) for flag in ("supportsinternallb", "fornsx", "fortungsten")})
        offering.update(supportsvmautoscaling=spec.get("supportsvmautoscaling", False),
                        networkmode=spec.get("routingmode", "NATTED"))
        store.put("networkoffering", offering)
    for spec in data["vpcofferings"]:
        vpcofferings.make_vpc_offering(store, spec)


def build_sandbox(store, path=os.path.join(DATA_DIR, "sandbox-zones.cfg")):
    with open(path) as f:
        cfg = json.load(f)
    for setting in cfg.get("globalConfig", []):
        record = store.first("configuration", name=setting["name"]) or configurations.make_configuration(
            store, setting["name"], setting["value"])
        record["value"] = setting["value"]
        store.put("configuration", record)
    for zone_cfg in cfg["zones"]:
        build_zone(store, zone_cfg)


def build_zone(store, cfg):
    system = store.first("account", name="system")
    sg = str(cfg.get("securitygroupenabled", "false")).lower() == "true"
    zone = zones.make_zone(store, cfg["name"], cfg["networktype"], cfg["dns1"], cfg["internaldns1"], sg,
                           cfg.get("guestcidraddress"), cfg.get("dns2"), cfg.get("internaldns2"))
    pnets = []
    for pcfg in cfg.get("physical_networks", []):
        pnet = physicalnetworks.make_physical_network(store, zone, pcfg["name"], pcfg.get("isolationmethods", ["VLAN"]),
                                                      pcfg.get("vlan"), pcfg.get("broadcastdomainrange", "ZONE"))
        pnet["state"] = "Enabled"
        store.put("physicalnetwork", pnet)
        for traffic in pcfg.get("traffictypes", []):
            physicalnetworks.make_traffic_type(store, pnet, traffic["typ"])
        for provider in pcfg.get("providers", []):
            providers.enable_provider(store, pnet, provider["name"])
        pnets.append(pnet)
    for rng in cfg.get("ipranges", []):
        vlans.make_vlan_range(store, zone, rng["startip"], rng["endip"], rng["gateway"], rng["netmask"],
                              rng.get("vlan", "untagged"), True, pnet=pnets[0] if pnets else None)
    for pod_cfg in cfg.get("pods", []):
        pod = pods.make_pod(store, zone, pod_cfg["name"], pod_cfg["gateway"], pod_cfg["netmask"],
                            pod_cfg["startip"], pod_cfg["endip"])
        for guest in pod_cfg.get("guestIpRanges", []):
            offering = store.first("networkoffering", name="DefaultSharedNetworkOfferingWithSGService")
            guest_net = network.make_network(store, zone, offering, "defaultGuestNetwork", "defaultGuestNetwork",
                                             system, gateway=guest["gateway"], netmask=guest["netmask"],
                                             acltype="Domain", physicalnetwork=pnets[0] if pnets else None,
                                             networkdomain="sandbox.simulator", startip=guest["startip"],
                                             endip=guest["endip"])
            guest_net["isdefault"] = True
            store.put("network", guest_net)
            vlans.make_vlan_range(store, zone, guest["startip"], guest["endip"], guest["gateway"],
                                  guest["netmask"], "untagged", False, guest_net, pod)
        for cluster_cfg in pod_cfg.get("clusters", []):
            hypervisor = hypervisor_name(cluster_cfg.get("hypervisor", "simulator"))
            cluster = clusters.make_cluster(store, pod, cluster_cfg["clustername"], hypervisor,
                                            cluster_cfg.get("clustertype", "CloudManaged"))
            for host_cfg in cluster_cfg.get("hosts", []):
                hosts.make_host(store, cluster, host_cfg["url"], hypervisor,
                                username=host_cfg.get("username", "root"))
            for primary in cluster_cfg.get("primaryStorages", []):
                storage.make_storage_pool(store, cluster, primary["name"], primary["url"])
    for secondary in cfg.get("secondaryStorages", []):
        image = storage.make_image_store(store, zone, secondary["url"], provider=secondary.get("provider", "NFS"))
        templates.seed_builtin_templates(store, image)
    return zone
