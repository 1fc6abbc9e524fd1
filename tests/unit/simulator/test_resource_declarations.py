"""The families declared on models/resource.py: infrastructure (admin) resources, filters without case,
retrieveonlyresourcecount."""
from conftest import api_error, client


def plain_user(simulator, api):
    domain = api.listDomains()["domain"][0]
    account = api.createAccount(username="plain", password="pw", firstname="P", lastname="L",
                                email="p@example.com", accounttype=0, domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    return client(simulator, key=keys["apikey"], secret=keys["secretkey"])


def test_infrastructure_changes_are_the_root_admins(simulator, api):
    user = plain_user(simulator, api)
    pod = api.listPods()["pod"][0]
    cluster = api.listClusters()["cluster"][0]
    host = api.listHosts(type="Routing")["host"][0]
    for command, params in (("deletePod", dict(id=pod["id"])), ("updateCluster", dict(id=cluster["id"])),
                            ("deleteCluster", dict(id=cluster["id"])), ("updateHost", dict(id=host["id"])),
                            ("prepareHostForMaintenance", dict(id=host["id"]))):
        assert api_error(getattr(user, command), **params)["errorcode"] == 432, command
    assert api.listPods(id=pod["id"])["count"] == 1 and api.listClusters(id=cluster["id"])["count"] == 1


def test_a_pod_in_use_stays(api):
    pod = api.listPods(name="POD0-adv")["pod"][0]
    error = api_error(api.deletePod, id=pod["id"])
    assert (error["errorcode"], error["errortext"]) == (530, "The pod cannot be deleted because there are servers "
                                                             "in this pod.")


def test_text_filters_ignore_case(api):
    assert api.listClusters(hypervisor="simulator")["count"] == api.listClusters(hypervisor="Simulator")["count"] > 0
    assert api.listHosts(type="routing")["count"] == api.listHosts(type="Routing")["count"] == 5
    assert api.listHosts(hypervisor="KVM") == {}


def test_only_the_count(api):
    zone = api.listZones(name="Sandbox-simulator-advanced")["zone"][0]
    template = api.listTemplates(templatefilter="featured", zoneid=zone["id"])["template"][0]
    offering = api.listServiceOfferings(name="Small Instance")["serviceoffering"][0]
    api.deployVirtualMachine(zoneid=zone["id"], templateid=template["id"], serviceofferingid=offering["id"])
    volumes = api.listVolumes(type="root")
    assert api.listVolumes(type="ROOT", retrieveonlyresourcecount=True) == {"count": volumes["count"]}
    assert api.listVirtualMachines(retrieveonlyresourcecount=True) == {"count": 1}
