"""Building a zone the way a site playbook does, and host maintenance."""
import time

from conftest import api_error, client


def test_build_an_advanced_zone(start_simulator):
    api = client(start_simulator("--empty"))
    zone = api.createZone(name="dc1", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2",
                          guestcidraddress="10.20.0.0/16")["zone"]
    assert (zone["allocationstate"], zone["networktype"]) == ("Disabled", "Advanced")
    assert api_error(api.createZone, name="dc1", networktype="Advanced", dns1="1.1.1.1",
                     internaldns1="10.0.0.2")["errorcode"] == 431
    pnet = api.createPhysicalNetwork(zoneid=zone["id"], name="phys", isolationmethods=["VLAN"],
                                     vlan="500-599")["physicalnetwork"]
    for traffic in ("Management", "Guest", "Public"):
        assert api.addTrafficType(physicalnetworkid=pnet["id"], traffictype=traffic,
                                  kvmnetworklabel="cloudbr0")["traffictype"]["traffictype"] == traffic
    assert api_error(api.addTrafficType, physicalnetworkid=pnet["id"], traffictype="Guest")["errorcode"] == 431
    assert api.updatePhysicalNetwork(id=pnet["id"], state="Enabled")["physicalnetwork"]["state"] == "Enabled"
    vlan = api.createVlanIpRange(zoneid=zone["id"], vlan="50", gateway="203.0.113.1", netmask="255.255.255.0",
                                 startip="203.0.113.10", endip="203.0.113.20", forvirtualnetwork=True)["vlan"]
    assert (vlan["startip"], vlan["endip"], vlan["cidr"]) == ("203.0.113.10", "203.0.113.20", "203.0.113.0/24")
    assert api_error(api.createVlanIpRange, zoneid=zone["id"], vlan="51", gateway="203.0.113.1",
                     netmask="255.255.255.0", startip="203.0.113.15", endip="203.0.113.30")["errorcode"] == 431
    assert api_error(api.createVlanIpRange, zoneid=zone["id"], vlan="52", gateway="203.0.114.1",
                     netmask="255.255.0.255", startip="203.0.114.15")["errortext"] == "Please specify a valid netmask"
    pod = api.createPod(zoneid=zone["id"], name="pod1", gateway="10.0.0.1", netmask="255.255.255.0",
                        startip="10.0.0.100", endip="10.0.0.150")["pod"]
    cluster = api.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="kvm1", clustertype="CloudManaged",
                             hypervisor="KVM")["cluster"][0]
    assert cluster["hypervisortype"] == "KVM"
    error = api_error(api.addHost, zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                      url="http://10.0.0.11")
    assert error["errortext"] == "Username and Password need to be provided."
    host = api.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                       url="http://10.0.0.11", username="root", password="secret", hosttags="ssd")["host"][0]
    expected = ("Up", "Enabled", "KVM", "10.0.0.11", "ssd")
    assert (host["state"], host["resourcestate"], host["hypervisor"], host["name"], host["hosttags"]) == expected
    assert api_error(api.addHost, zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                     url="http://10.0.0.11", username="root", password="secret")["errorcode"] == 530
    pool = api.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="primary",
                                 url="nfs://10.0.0.5/export/primary")["storagepool"]
    expected = ("NetworkFilesystem", "10.0.0.5", "/export/primary", "Up")
    assert (pool["type"], pool["ipaddress"], pool["path"], pool["state"]) == expected
    image = api.addImageStore(zoneid=zone["id"], provider="NFS", name="secondary",
                              url="nfs://10.0.0.5/export/secondary")["imagestore"]
    assert image["zonename"] == "dc1"
    templates = api.listTemplates(templatefilter="featured", zoneid=zone["id"])["template"]
    assert [t["name"] for t in templates] == ["CentOS 5.6 (64-bit) no GUI (Simulator)"]
    assert api.updateZone(id=zone["id"], allocationstate="Enabled")["zone"]["allocationstate"] == "Enabled"
    error = api_error(api.deleteZone, id=zone["id"])
    assert (error["errorcode"], error["errortext"]) == (530, "The zone cannot be deleted because there are servers "
                                                             "in this zone.")
    error = api_error(api.deleteCluster, id=cluster["id"])
    assert error["errortext"] == "Cluster: %s cannot be removed. Cluster still has hosts" % cluster["id"]
    error = api_error(api.deletePod, id=pod["id"])
    assert error["errortext"] == "The pod cannot be deleted because there are servers in this pod."


def zone_error(api, **params):
    params = dict(dict(name="z", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2"), **params)
    error = api_error(api.createZone, **params)
    assert error["errorcode"] == 431
    return error["errortext"]


def test_zone_parameters_checked_as_cloudstack_does(start_simulator):
    api = client(start_simulator("--empty"))
    assert zone_error(api, dns1="1.1.1") == "Please enter a valid IP address for DNS1"
    assert zone_error(api, internaldns2="10.0.0.256") == "Please enter a valid IP address for internal DNS2"
    assert zone_error(api, ip6dns1="2001:db8::zz") == "Please enter a valid IPv6 address for IP6 DNS1"
    assert zone_error(api, networktype="Flat") == "Invalid zone type; only Advanced and Basic values are supported"
    assert zone_error(api, guestcidraddress="8.8.8.0/24") == "Please enter a valid guest cidr"
    assert zone_error(api, guestcidraddress="10.1.1.0/33") == "Please enter a valid guest cidr"
    assert zone_error(api, networktype="Basic", guestcidraddress="10.1.1.0/24") == (
        "guestCidrAddress parameter is not supported for Basic zone")
    assert zone_error(api, domain="-bad.example").startswith("Invalid network domain.")
    # NetUtils takes a CIDR with host bits set; a Basic zone always has security groups.
    advanced = api.createZone(name="adv", networktype="advanced", dns1="1.1.1.1", internaldns1="10.0.0.2",
                              ip6dns1="2001:4860:4860::8888", guestcidraddress="10.1.1.5/24",
                              domain="cloud.example")["zone"]
    assert (advanced["networktype"], advanced["guestcidraddress"], advanced["domain"]) == (
        "Advanced", "10.1.1.5/24", "cloud.example")
    basic = api.createZone(name="basic", networktype="Basic", dns1="1.1.1.1", internaldns1="10.0.0.2",
                           securitygroupenabled=False)["zone"]
    assert basic["securitygroupsenabled"] is True
    assert zone_error(api, name="adv") == "A zone with that name already exists. Please specify a unique zone name."
    error = api_error(api.updateZone, id=advanced["id"], dns2="8.8.8")
    assert (error["errorcode"], error["errortext"]) == (431, "Please enter a valid IP address for DNS2")
    error = api_error(api.updateZone, id=advanced["id"], allocationstate="Enabled")
    assert error["errortext"] == ("Cannot enable this Zone since: Unable to find the default physical network with "
                                  "traffic=Management in the specified zone id=%s" % advanced["id"])
    assert api.listZones(id=advanced["id"])["zone"][0]["allocationstate"] == "Disabled"


def pod_error(api, zone, **params):
    params = dict(dict(zoneid=zone["id"], name="p", gateway="10.0.0.1", netmask="255.255.255.0",
                       startip="10.0.0.10", endip="10.0.0.20"), **params)
    error = api_error(api.createPod, **params)
    assert error["errorcode"] == 431
    return error["errortext"]


def test_pod_parameters_checked_as_cloudstack_does(start_simulator):
    api = client(start_simulator("--empty"))
    zone = api.createZone(name="dc", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2",
                          guestcidraddress="10.1.1.0/24")["zone"]
    assert pod_error(api, zone, gateway="10.0.0") == "The gateway is invalid"
    assert pod_error(api, zone, netmask="255.0.255.0") == "The netmask is invalid"
    assert pod_error(api, zone, startip="10.0.0.300") == "The start address of the IP range is not a valid IP address."
    assert pod_error(api, zone, endip="10.0.1.20") == "The end address of the IP range is not in the CIDR subnet."
    assert pod_error(api, zone, startip="10.0.0.30") == (
        "The start IP address must have a lower value than the end IP address.")
    assert pod_error(api, zone, startip="10.0.0.1") == "The gateway shouldn't overlap start/end IP addresses"
    assert pod_error(api, zone, gateway="10.1.1.1", startip="10.1.1.10", endip="10.1.1.20") == (
        "The subnet of the pod you are adding conflicts with the subnet of the Guest IP Network. Please specify a "
        "different CIDR.")
    pod = api.createPod(zoneid=zone["id"], name="p1", gateway="10.0.0.1", netmask="255.255.255.0",
                        startip="10.0.0.10")["pod"]
    assert (pod["startip"], pod["endip"]) == (["10.0.0.10"], ["10.0.0.254"])  # the CIDR's last usable address
    conflict = pod_error(api, zone, name="p2", gateway="10.0.0.129", netmask="255.255.255.128", startip="10.0.0.130",
                         endip="10.0.0.140")
    assert conflict == ("The subnet of the pod you are adding conflicts with the subnet of pod p1 in zone dc. Please "
                        "specify a different CIDR.")
    error = api_error(api.updatePod, id=pod["id"], endip="10.0.1.5")
    assert error["errortext"] == "The end address of the IP range is not in the CIDR subnet."
    assert api.updatePod(id=pod["id"], endip="10.0.0.100")["pod"]["endip"] == ["10.0.0.100"]
    error = api_error(api.addCluster, zoneid=zone["id"], podid=pod["id"], clustername="c", clustertype="CloudManaged",
                      hypervisor="VirtualBox")
    assert (error["errorcode"], error["errortext"]) == (431, "Could not find corresponding resource manager for "
                                                             "VirtualBox")
    cluster = api.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="c", clustertype="CloudManaged",
                             hypervisor="kvm")["cluster"][0]
    assert cluster["hypervisortype"] == "KVM"
    error = api_error(api.deletePod, id=pod["id"])
    assert (error["errorcode"], error["errortext"]) == (530, "The pod cannot be deleted because there are clusters "
                                                             "in this pod.")


def wait_for_resource_state(api, host, state, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        current = api.listHosts(id=host["id"])["host"][0]
        if current["resourcestate"] == state:
            return current
        time.sleep(0.1)
    raise AssertionError("host %s still %s, not %s" % (host["id"], current["resourcestate"], state))


def test_host_maintenance_is_prepared_then_reached(api):
    host = api.listHosts(type="Routing")["host"][0]
    assert api.prepareHostForMaintenance(id=host["id"])["host"]["resourcestate"] == "PrepareForMaintenance"
    assert api.listHosts(id=host["id"])["host"][0]["resourcestate"] == "PrepareForMaintenance"
    error = api_error(api.deleteHost, id=host["id"])
    assert error["errorcode"] == 530
    assert error["errortext"] == ("Host %s cannot be deleted as it is not in maintenance mode. Either put the host "
                                  "into maintenance or perform a forced deletion." % host["id"])
    wait_for_resource_state(api, host, "Maintenance")
    error = api_error(api.prepareHostForMaintenance, id=host["id"])
    assert error["errorcode"] == 530
    assert error["errortext"] == "Host is already in state Maintenance. Cannot recall for maintenance until resolved."
    assert api.cancelHostMaintenance(id=host["id"])["host"]["resourcestate"] == "Enabled"
    error = api_error(api.cancelHostMaintenance, id=host["id"])
    assert error["errortext"] == "Cannot perform cancelMaintenance when resource state is Enabled, hostId = %s" % (
        host["id"])


def test_host_allocation_state_transitions(api):
    host = api.listHosts(type="Routing")["host"][0]
    assert api.updateHost(id=host["id"], allocationstate="Disable")["host"]["resourcestate"] == "Disabled"
    error = api_error(api.prepareHostForMaintenance, id=host["id"])
    assert error["errorcode"] == 530
    assert error["errortext"].startswith('Cannot transit resource state of Host {"name":"%s"' % host["name"])
    assert error["errortext"].endswith("No next resource state found for current state = Disabled event = "
                                       "AdminAskMaintenance")
    error = api_error(api.updateHost, id=host["id"], allocationstate="Maintenance")
    assert (error["errorcode"], error["errortext"]) == (530, "Failed to update host:%s,Invalid allocation state: "
                                                        "Maintenance, only Enable/Disable are allowed" % host["id"])
    assert api.updateHost(id=host["id"], allocationstate="Enable", hosttags=["gpu"])["host"]["hosttags"] == "gpu"
    assert api_error(api.deleteHost, id=host["id"])["errorcode"] == 530
    assert api.deleteHost(id=host["id"], forced=True) == {"success": "true"}
    assert host["id"] not in [h["id"] for h in api.listHosts()["host"]]


def test_maintenance_moves_running_instances(api, world):
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"])["virtualmachine"]
    host = {"id": vm["hostid"]}
    api.prepareHostForMaintenance(id=vm["hostid"])
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["hostid"] == vm["hostid"]
    wait_for_resource_state(api, host, "Maintenance")
    moved = api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]
    assert moved["state"] == "Running" and moved["hostid"] != vm["hostid"]


def test_maintenance_fails_when_an_instance_has_nowhere_to_go(api, world):
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"])["virtualmachine"]
    for other in api.listHosts(clusterid=api.listHosts(id=vm["hostid"])["host"][0]["clusterid"])["host"]:
        if other["id"] != vm["hostid"]:
            api.updateHost(id=other["id"], allocationstate="Disable")
    api.prepareHostForMaintenance(id=vm["hostid"])
    wait_for_resource_state(api, {"id": vm["hostid"]}, "ErrorInMaintenance")
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["hostid"] == vm["hostid"]


def test_admin_only_commands_need_admin(simulator, api):
    domain = api.listDomains()["domain"][0]
    account = api.createAccount(username="plain", password="pw", firstname="P", lastname="L",
                                email="p@example.com", accounttype=0, domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    user = client(simulator, key=keys["apikey"], secret=keys["secretkey"])
    for command in ("listHosts", "listPods", "listClusters", "listStoragePools", "listConfigurations"):
        assert api_error(getattr(user, command))["errorcode"] == 432
    assert user.listZones()["count"] == 2
    assert api.getUserKeys(id=account["user"][0]["id"])["userkeys"]["apikey"] == keys["apikey"]


def test_network_service_providers(start_simulator):
    api = client(start_simulator())
    zone = api.listZones(name="Sandbox-simulator-advanced")["zone"][0]
    pnet = api.listPhysicalNetworks(zoneid=zone["id"])["physicalnetwork"][0]
    states = {p["name"]: p["state"] for p in api.listNetworkServiceProviders(
        physicalnetworkid=pnet["id"])["networkserviceprovider"]}
    assert states["VirtualRouter"] == states["VpcVirtualRouter"] == states["InternalLbVm"] == "Enabled"
    new = api.createPhysicalNetwork(zoneid=zone["id"], name="second", isolationmethods=["VLAN"])["physicalnetwork"]
    providers = {p["name"]: p for p in api.listNetworkServiceProviders(
        physicalnetworkid=new["id"])["networkserviceprovider"]}
    router = providers["VirtualRouter"]
    assert router["state"] == "Disabled"
    error = api_error(api.updateNetworkServiceProvider, id=router["id"], state="Enabled")
    assert "please configure the provider first" in error["errortext"]
    element = api.listVirtualRouterElements(nspid=router["id"])["virtualrouterelement"][0]
    assert api.configureVirtualRouterElement(id=element["id"], enabled=True)["virtualrouterelement"]["enabled"]
    updated = api.updateNetworkServiceProvider(id=router["id"], state="Enabled")["networkserviceprovider"]
    assert updated["state"] == "Enabled"
    assert api.deletePhysicalNetwork(id=new["id"]) == {"success": True}
    assert api.listNetworkServiceProviders(physicalnetworkid=pnet["id"])["count"] == 5


def test_enabling_a_zone_adds_storage_traffic_beside_management_and_updates_take_details(start_simulator):
    api = client(start_simulator("--empty"))
    zone = api.createZone(name="dc2", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2")["zone"]
    pnet = api.createPhysicalNetwork(zoneid=zone["id"], name="p")["physicalnetwork"]
    api.addTrafficType(physicalnetworkid=pnet["id"], traffictype="Management", kvmnetworklabel="cloudbr0")
    error = api_error(api.updateZone, id=zone["id"], allocationstate="Enabled")
    assert error["errortext"] == ("Cannot enable this Zone since: Unable to find the default physical network with "
                                  "traffic=Public in the specified zone id=%s" % zone["id"])
    api.addTrafficType(physicalnetworkid=pnet["id"], traffictype="Public")
    assert api.updateZone(id=zone["id"], allocationstate="Enabled")["zone"]["allocationstate"] == "Enabled"
    storage = [t for t in api.listTrafficTypes(physicalnetworkid=pnet["id"])["traffictype"] if t["traffictype"] == "Storage"]
    assert [t.get("kvmnetworklabel") for t in storage] == ["cloudbr0"]
    updated = api.updateZone(id=zone["id"], details=[{"key": "a", "value": "1"}], dnssearchorder=["example.com"])["zone"]
    assert updated["resourcedetails"] == {"a": "1", "dns.search.order": "example.com"}
    assert api_error(api.updateZone, id=zone["id"], dnssearchorder=["-bad-"])["errortext"].startswith(
        "Invalid network domain suffixes.")


def test_edge_zones_details_and_sort_key_order(start_simulator):
    api = client(start_simulator("--empty"))
    assert zone_error(api, networktype="Basic", isedge=True) == "Only advanced network type zones can be edge zones"
    edge = api.createZone(name="edge", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2",
                          isedge=True)["zone"]
    core = api.createZone(name="core", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2")["zone"]
    assert (edge["type"], core["type"]) == ("Edge", "Core")
    # An Edge zone is enabled without physical networks; a Core one needs their traffic types.
    assert api.updateZone(id=edge["id"], allocationstate="Enabled")["zone"]["allocationstate"] == "Enabled"
    assert api_error(api.updateZone, id=core["id"], allocationstate="Enabled")["errortext"].startswith(
        "Cannot enable this Zone since:")
    # Details and the DNS search order are added to the zone's details, the others kept; the sort key is not listed.
    api.updateZone(id=core["id"], details=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
    api.updateZone(id=core["id"], dnssearchorder=["example.com", "corp.example.com"], sortkey=3)
    updated = api.updateZone(id=core["id"], details=[{"key": "a", "value": "9"}])["zone"]
    assert updated["resourcedetails"] == {"a": "9", "b": "2", "dns.search.order": "example.com,corp.example.com"}
    assert "sortkey" not in api.listZones(id=core["id"])["zone"][0]
    # Zones are listed by sort key, ascending as sortkey.algorithm says by default, then as created.
    assert [z["name"] for z in api.listZones()["zone"]] == ["edge", "core"]
    api.updateZone(id=edge["id"], sortkey=5)
    assert [z["name"] for z in api.listZones()["zone"]] == ["core", "edge"]
    api.updateConfiguration(name="sortkey.algorithm", value="false")
    assert [z["name"] for z in api.listZones()["zone"]] == ["edge", "core"]


def test_hypervisors_of_the_cloud_and_of_a_zone(api):
    """listHypervisors: the hypervisor.list setting, or the hypervisors of a zone's clusters (each once)."""
    setting = api.listConfigurations(name="hypervisor.list")["configuration"][0]["value"]
    assert [h["name"] for h in api.listHypervisors()["hypervisor"]] == setting.split(",")
    zone = api.listZones(name="Sandbox-simulator-advanced")["zone"][0]
    clusters = api.listClusters(zoneid=zone["id"])["cluster"]
    assert len(clusters) > 1
    assert [h["name"] for h in api.listHypervisors(zoneid=zone["id"])["hypervisor"]] == ["Simulator"]
    assert api_error(api.listHypervisors, zoneid="0b9c7a2e-0000-4000-8000-000000000000")["errorcode"] == 431
