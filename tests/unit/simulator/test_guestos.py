"""Guest OS categories and types and hypervisor capabilities of a fresh 4.22 database (data/guest-os.json,
data/hypervisor-capabilities.json): counts, known rows, CloudStack's filters and order, and the OS types
templates and instances resolve."""
import json
import os

from cloudstack_simulator.catalogue import DATA_DIR
from conftest import api_error, user_client

CATEGORY_ORDER = ["Ubuntu", "Debian", "Fedora", "CentOS", "Rocky Linux", "AlmaLinux", "Oracle", "RedHat", "SUSE",
                  "Windows", "Other"]


def data(name):
    with open(os.path.join(DATA_DIR, name)) as f:
        return json.load(f)


def os_types(api, **params):
    return api.listOsTypes(**params).get("ostype", [])


def category_named(api, name):
    return next(c for c in api.listOsCategories()["oscategory"] if c["name"] == name)


def test_every_os_type_and_category_of_the_data(shared_api):
    listed = shared_api.listOsTypes(pagesize=500)
    assert listed["count"] == len(data("guest-os.json")["ostypes"]) == 374
    names = [t["description"] for t in listed["ostype"]]
    # 4.18.1 merged duplicate names; 4.20.1 added these two again in another category
    assert sorted({n for n in names if names.count(n) > 1}) == ["NeoKylin Linux Server 7", "Scientific Linux 7"]
    categories = shared_api.listOsCategories()
    assert [c["name"] for c in categories["oscategory"]] == CATEGORY_ORDER  # sort key, as 4.21 sets it
    assert categories["count"] == 11 and all(c["isfeatured"] is True for c in categories["oscategory"])
    assert set(categories["oscategory"][0]) == {"id", "name", "isfeatured"}


def test_known_os_types_and_their_categories(shared_api):
    wanted = {"Ubuntu 22.04 LTS": "Ubuntu", "Windows Server 2022 (64-bit)": "Windows",
              "Debian GNU/Linux 12 (64-bit)": "Debian", "CentOS 5.6 (64-bit)": "CentOS", "Other (64-bit)": "Other",
              "Rocky Linux 9": "Rocky Linux", "AlmaLinux 9": "AlmaLinux", "Fedora 13": "Fedora",
              "Red Hat Enterprise Linux 9.0": "RedHat", "FreeBSD 13 (64-bit)": "Other", "Windows 11 (64-bit)": "Windows",
              "Ubuntu 24.04 LTS": "Ubuntu", "Windows Server 2025": "Windows", "Rocky Linux 8": "Rocky Linux",
              "CentOS Stream 9": "CentOS", "Oracle Linux 9": "Oracle"}
    by_name = {t["description"]: t for t in os_types(shared_api, pagesize=500)}
    assert {name: by_name[name]["oscategoryname"] for name in wanted} == wanted
    ubuntu = by_name["Ubuntu 22.04 LTS"]
    assert ubuntu["oscategoryid"] == category_named(shared_api, "Ubuntu")["id"]
    assert (ubuntu["isuserdefined"], ubuntu["fordisplay"], ubuntu["name"]) == (False, True, "Ubuntu 22.04 LTS")
    assert "Red Hat Enterprise Linux 9" not in by_name  # folded into 9.0 by 4.18.1


def test_os_type_filters_and_order(shared_api):
    listed = [t["description"] for t in os_types(shared_api, pagesize=500)]
    assert listed == sorted(listed, key=str.lower)  # ordered by display name
    assert [t["description"] for t in os_types(shared_api, description="ubuntu 22.04")] == ["Ubuntu 22.04 LTS"]
    assert [t["description"] for t in os_types(shared_api, keyword="Debian GNU/Linux 12")] == [
        "Debian GNU/Linux 12 (32-bit)", "Debian GNU/Linux 12 (64-bit)"]
    rocky = category_named(shared_api, "Rocky Linux")
    assert [t["description"] for t in os_types(shared_api, oscategoryid=rocky["id"])] == ["Rocky Linux 8",
                                                                                          "Rocky Linux 9"]
    two = os_types(shared_api, pagesize=2)
    assert [t["id"] for t in os_types(shared_api, ids=",".join(t["id"] for t in two))] == [t["id"] for t in two]
    assert os_types(shared_api, id=two[1]["id"]) == [two[1]]
    assert os_types(shared_api, fordisplay=False) == []
    page = shared_api.listOsTypes(page=4, pagesize=100)
    assert (page["count"], len(page["ostype"])) == (374, 74)
    assert api_error(shared_api.listOsTypes, oscategoryid=two[0]["id"])["errorcode"] == 431  # not a category


def test_os_category_filters(shared_api):
    def names(**params):
        return [c["name"] for c in shared_api.listOsCategories(**params).get("oscategory", [])]
    assert names(name="linux") == ["Rocky Linux", "AlmaLinux"]
    assert names(keyword="WIN") == ["Windows"]
    assert names(id=category_named(shared_api, "SUSE")["id"]) == ["SUSE"]
    assert names(isfeatured=False) == []
    zone = shared_api.listZones(name="Sandbox-simulator-basic")["zone"][0]
    assert names(zoneid=zone["id"]) == ["CentOS"]  # the built-in template's OS type
    assert names(isiso=True) == []  # no ISO yet


def test_hypervisor_capabilities(shared_api):
    listed = shared_api.listHypervisorCapabilities()
    assert listed["count"] == len(data("hypervisor-capabilities.json")["hypervisorcapabilities"]) == 51
    kvm = shared_api.listHypervisorCapabilities(hypervisor="kvm")["hypervisorCapabilities"]
    assert kvm == [{"id": kvm[0]["id"], "hypervisor": "KVM", "hypervisorversion": "default", "maxguestslimit": 50,
                    "securitygroupenabled": True, "maxdatavolumeslimit": 6, "storagemotionenabled": True,
                    "vmsnapshotenabled": True}]  # no max hosts per cluster: NULL, left out
    vmware = shared_api.listHypervisorCapabilities(hypervisor="VMware")["hypervisorCapabilities"]
    assert {r["hypervisorversion"]: r["maxguestslimit"] for r in vmware}["8.0"] == 1024
    assert [r["hypervisorversion"] for r in vmware][:2] == ["default", "4.0"]  # in the order they were created
    assert {r["hypervisor"] for r in shared_api.listHypervisorCapabilities(keyword="ovm")["hypervisorCapabilities"]} \
        == {"Ovm", "Ovm3"}
    assert shared_api.listHypervisorCapabilities(id=kvm[0]["id"])["hypervisorCapabilities"] == kvm
    assert shared_api.listHypervisorCapabilities(hypervisor="Nonexistent") == {}


def test_hypervisor_capabilities_are_for_the_root_admin(simulator, api):
    user = user_client(simulator, api, "plain")
    assert api_error(user.listHypervisorCapabilities)["errorcode"] == 432
    assert user.listOsTypes(description="Ubuntu 22.04 LTS")["count"] == 1
    assert user.listOsCategories()["count"] == 11


def test_templates_and_instances_resolve_their_os_type(api, world):
    centos = os_types(api, description="CentOS 5.6 (64-bit)")[0]
    assert (world.template["ostypeid"], world.template["ostypename"]) == (centos["id"], "CentOS 5.6 (64-bit)")
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"])["virtualmachine"]
    assert (vm["ostypeid"], vm["osdisplayname"]) == (centos["id"], "CentOS 5.6 (64-bit)")
    ubuntu = os_types(api, description="Ubuntu 22.04 LTS")[0]
    api.stopVirtualMachine(id=vm["id"])
    updated = api.updateVirtualMachine(id=vm["id"], ostypeid=ubuntu["id"])["virtualmachine"]
    assert (updated["ostypeid"], updated["osdisplayname"]) == (ubuntu["id"], "Ubuntu 22.04 LTS")
    template = api.registerTemplate(name="noble", displaytext="noble", format="QCOW2", hypervisor="KVM",
                                    url="http://example.com/noble.qcow2", zoneid=world.basic["id"])["template"][0]
    assert template["ostypename"] == "Other (64-bit)"  # no ostypeid: the simulator's default
    debian = os_types(api, description="Debian GNU/Linux 12 (64-bit)")[0]
    template = api.updateTemplate(id=template["id"], ostypeid=debian["id"])["template"]
    assert (template["ostypeid"], template["ostypename"]) == (debian["id"], "Debian GNU/Linux 12 (64-bit)")
