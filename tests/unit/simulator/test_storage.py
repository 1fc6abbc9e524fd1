"""Primary storage pools, image stores and regions: StorageManagerImpl's and RegionManagerImpl's rules."""
import pytest

from conftest import api_error, client


@pytest.fixture
def kvm(start_simulator):
    """An empty cloud with a zone, a pod, a KVM cluster and one KVM host."""
    api = client(start_simulator("--empty"))
    zone = api.createZone(name="dc1", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2")["zone"]
    pod = api.createPod(zoneid=zone["id"], name="pod1", gateway="10.0.0.1", netmask="255.255.255.0",
                        startip="10.0.0.100", endip="10.0.0.150")["pod"]
    cluster = api.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="kvm1", clustertype="CloudManaged",
                             hypervisor="KVM")["cluster"][0]
    return api, zone, pod, cluster


def add_host(api, zone, pod, cluster):
    return api.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                       url="http://10.0.0.11", username="root", password="secret")["host"][0]


def error(call, **params):
    found = api_error(call, **params)
    return found["errorcode"], found["errortext"]


def test_pool_needs_an_up_host_and_a_well_formed_url(kvm):
    api, zone, pod, cluster = kvm
    where = dict(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="ps1")
    assert error(api.createStoragePool, url="nfs://10.0.0.5/export/ps1", **where) == (
        530, "Failed to add data store: No host up to associate a storage pool with in cluster %s" % cluster["id"])
    add_host(api, zone, pod, cluster)
    assert error(api.createStoragePool, url="10.0.0.5/export", **where) == (
        431, "scheme is null 10.0.0.5/export, add nfs:// (or cifs://) as a prefix")
    assert error(api.createStoragePool, url="nfs://10.0.0.5", **where) == (
        431, "host or path is null, should be nfs://hostname/path")
    assert error(api.createStoragePool, url="gluster:///vol", **where) == (
        431, "host or path is null, should be gluster://hostname/volume")
    assert error(api.createStoragePool, url="bogus://h/p", **where) == (
        530, "Failed to add data store: No enum constant com.cloud.storage.Storage.StoragePoolType.bogus")
    assert error(api.createStoragePool, url="iscsi://h/iqn.2010-01.x:tgt", **where) == (
        530, "Failed to add data store: iSCSI needs to have LUN number")
    assert error(api.createStoragePool, url="nfs://10.0.0.5/x", zoneid=zone["id"], clusterid=cluster["id"],
                 name="ps1") == (530, "Failed to add data store: Cluster id requires pod id")
    assert error(api.createStoragePool, url="nfs://10.0.0.5/x", zoneid=zone["id"], name="ps1") == (
        431, "cluster id can't be null, if scope is cluster")
    assert error(api.createStoragePool, url="nfs://10.0.0.5/x", scope="pod", **where) == (
        431, "invalid scope for pool pod")
    assert error(api.createStoragePool, url="nfs://10.0.0.5/x", scope="host", **where) == (
        431, "invalid scope for pool host")
    pool = api.createStoragePool(url="rbd://cephx@10.0.0.6/rbdpool", tags="ssd,fast", capacitybytes=1000,
                                 capacityiops=500, **where)["storagepool"]
    expected = ("RBD", "10.0.0.6", "rbdpool", "Up", "CLUSTER", "ssd,fast", 1000, 500, "KVM", "DefaultPrimary")
    assert tuple(pool[k] for k in ("type", "ipaddress", "path", "state", "scope", "tags", "disksizetotal",
                                   "capacityiops", "hypervisor", "provider")) == expected
    assert error(api.createStoragePool, url="rbd://cephx@10.0.0.6/rbdpool", **{**where, "name": "ps2"}) == (
        530, "Failed to add data store: Storage pool rbdpool already in use by another pod (id=%s)" % pod["id"])


def test_zone_wide_pool_needs_a_supported_hypervisor(kvm):
    api, zone, pod, cluster = kvm
    add_host(api, zone, pod, cluster)
    where = dict(zoneid=zone["id"], scope="zone", name="zwps", url="nfs://10.0.0.5/export/zwps")
    assert error(api.createStoragePool, **where) == (
        431, "Missing parameter hypervisor. Hypervisor type is required to create zone wide primary storage.")
    assert error(api.createStoragePool, hypervisor="XenServer", **where) == (
        431, "Zone wide storage pool is not supported for hypervisor type XenServer")
    assert error(api.createStoragePool, hypervisor="VMware", **where) == (
        530, "Failed to create storage pool as it is not accessible to hosts.")
    pool = api.createStoragePool(hypervisor="kvm", podid=pod["id"], clusterid=cluster["id"], **where)["storagepool"]
    assert (pool["scope"], pool["hypervisor"], pool.get("clusterid"), pool.get("podid")) == ("ZONE", "KVM", None, None)
    host = api.listHosts(type="Routing")["host"][0]
    assert [p["name"] for p in api.listStoragePools(hostid=host["id"])["storagepool"]] == ["zwps"]


def test_pool_update_maintenance_and_delete(kvm):
    api, zone, pod, cluster = kvm
    add_host(api, zone, pod, cluster)
    pool = api.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="ps1",
                                 url="nfs://10.0.0.5/export/ps1", tags="ssd")["storagepool"]
    updated = api.updateStoragePool(id=pool["id"], tags="", capacitybytes=4096, name="ps-one")["storagepool"]
    assert (updated.get("tags"), updated["disksizetotal"], updated["name"]) == (None, 4096, "ps-one")
    assert error(api.updateStoragePool, id=pool["id"], enabled=True) == (
        431, "Primary storage with id %s cannot be enabled. Storage pool state : Up" % pool["id"])
    assert api.updateStoragePool(id=pool["id"], enabled=False)["storagepool"]["state"] == "Disabled"
    assert error(api.deleteStoragePool, id=pool["id"]) == (
        431, "Unable to delete storage due to it is not in Maintenance state, id: %s" % pool["id"])
    assert error(api.enableStorageMaintenance, id=pool["id"]) == (
        431, "Primary storage with id %s is not ready for migration, as the status is:Disabled" % pool["id"])
    assert error(api.cancelStorageMaintenance, id=pool["id"]) == (
        534, "Primary storage with id %s is not ready to complete migration, as the status is:Disabled" % pool["id"])
    assert api.updateStoragePool(id=pool["id"], enabled=True)["storagepool"]["state"] == "Up"
    assert api.enableStorageMaintenance(id=pool["id"])["storagepool"]["state"] == "Maintenance"
    assert api.cancelStorageMaintenance(id=pool["id"])["storagepool"]["state"] == "Up"
    api.enableStorageMaintenance(id=pool["id"])
    assert api.deleteStoragePool(id=pool["id"])["success"] == "true"
    assert api.listStoragePools().get("storagepool") is None


def test_pool_with_volumes_is_kept_and_reports_them(start_simulator):
    api = client(start_simulator("--instances", "4"))
    volume = next(v for v in api.listVolumes(listall=True, type="ROOT")["volume"] if v.get("storageid"))
    pool = api.listStoragePools(id=volume["storageid"])["storagepool"][0]
    on_pool = [v for v in api.listVolumes(listall=True)["volume"] if v.get("storageid") == pool["id"]]
    assert pool["disksizeallocated"] == sum(v["size"] for v in on_pool) > 0
    assert 0 < pool["disksizeused"] <= pool["disksizeallocated"] <= pool["disksizetotal"]
    api.enableStorageMaintenance(id=pool["id"])
    assert error(api.deleteStoragePool, id=pool["id"]) == (
        530, "Cannot delete pool %s as there are associated volumes for this pool" % pool["name"])
    assert error(api.deleteStoragePool, id=pool["id"], forced=True) == (
        530, "Cannot delete pool %s as there are associated non-destroyed vols for this pool" % pool["name"])


def test_storage_providers(shared_simulator):
    api = client(shared_simulator)
    assert [p["name"] for p in api.listStorageProviders(type="image")["dataStoreProvider"]] == ["NFS", "SMB", "S3",
                                                                                                "Swift"]
    assert "DefaultPrimary" in [p["name"] for p in api.listStorageProviders(type="primary")["dataStoreProvider"]]


def test_image_store_rules(kvm):
    api, zone, pod, cluster = kvm
    image = api.addImageStore(zoneid=zone["id"], provider="NFS", name="sec1",
                              url="nfs://10.0.0.5/export/sec1")["imagestore"]
    expected = ("sec1", "nfs", "NFS", "ZONE", "dc1", False)
    assert tuple(image[k] for k in ("name", "protocol", "providername", "scope", "zonename", "readonly")) == expected
    assert image["disksizetotal"] > 0 and image["disksizeused"] == 0
    assert error(api.addImageStore, zoneid=zone["id"], provider="NFS", name="sec1", url="nfs://10.0.0.5/b") == (
        431, "The image store with name sec1 already exists, try creating with another name")
    assert error(api.addImageStore, zoneid=zone["id"], provider="NFS", url="nfs://10.0.0.5") == (
        530, "Failed to add data store: Your host and/or path is wrong.  Make sure it's of the format "
             "nfs://hostname/path")
    assert error(api.addImageStore, provider="NFS", name="x", url="nfs://10.0.0.5/x") == (
        431, "Image store provider NFS does not support scope REGION")
    assert error(api.addImageStore, provider="S3", name="s3", details=[{"key": "bucket", "value": "b"}]) == (
        431, "You can only add new image stores from the same provider NFS already added")
    unnamed = api.addImageStore(zoneid=zone["id"], provider="nfs", url="nfs://10.0.0.5/export/sec2")["imagestore"]
    assert unnamed["name"] == "nfs://10.0.0.5/export/sec2"
    assert api.updateImageStore(id=image["id"], readonly=True)["imagestore"]["readonly"] is True
    assert [s["name"] for s in api.listImageStores(readonly=True)["imagestore"]] == ["sec1"]
    assert api.deleteImageStore(id=image["id"])["success"] == "true"
    assert api.deleteImageStore(id=unnamed["id"])["success"] == "true"
    s3 = api.addImageStore(provider="S3", name="s3", details=[{"key": "bucket", "value": "b"},
                                                              {"key": "secretkey", "value": "s"}])["imagestore"]
    assert (s3["scope"], s3.get("zoneid")) == ("REGION", None)
    assert "s" not in [v for v in s3.values() if isinstance(v, str)]


def test_image_store_with_user_templates_is_kept(start_simulator):
    api = client(start_simulator())
    zone = api.listZones(name="Sandbox-simulator-advanced")["zone"][0]
    image = api.listImageStores(zoneid=zone["id"])["imagestore"][0]
    api.registerTemplate(name="user-tpl", displaytext="user-tpl", url="http://example.com/t.qcow2", format="QCOW2",
                         hypervisor="Simulator", zoneid=zone["id"],
                         ostypeid=api.listOsTypes()["ostype"][0]["id"])
    assert error(api.deleteImageStore, id=image["id"]) == (431, "Cannot delete image store with active templates "
                                                                "backup!")


def test_regions(shared_simulator):
    api = client(shared_simulator)
    assert api.listRegions()["region"] == [{"id": 1, "name": "Local", "endpoint": "http://localhost:8080/client/",
                                            "gslbserviceenabled": True, "portableipserviceenabled": False}]
    region = api.addRegion(id=2, name="eu", endpoint="https://eu.example.com/client/")["region"]
    assert (region["id"], region["name"]) == (2, "eu")
    assert error(api.addRegion, id=2, name="x", endpoint="e") == (431, "Region with id: 2 already exists")
    assert error(api.addRegion, id=3, name="eu", endpoint="e") == (431, "Region with name: eu already exists")
    assert error(api.updateRegion, id=2, name="Local") == (431, "Region with name: Local already exists")
    assert error(api.updateRegion, id=9, name="x") == (431, "Region with id: 9 does not exist")
    assert api.updateRegion(id=2, endpoint="https://eu2/client/")["region"]["endpoint"] == "https://eu2/client/"
    assert [r["name"] for r in api.listRegions(id=2)["region"]] == ["eu"]
    assert api.removeRegion(id=2)["success"] == "true"
    assert error(api.removeRegion, id=2) == (431, "Failed to delete Region: 2, Region not found")


def test_pool_url_changes_only_in_maintenance(kvm):
    api, zone, pod, cluster = kvm
    add_host(api, zone, pod, cluster)
    where = dict(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"])
    pool = api.createStoragePool(name="ps1", url="nfs://10.0.0.5/export/ps1", **where)["storagepool"]
    api.createStoragePool(name="ps2", url="nfs://10.0.0.6/export/ps2", **where)
    assert error(api.updateStoragePool, id=pool["id"], url="nfs://10.0.0.7/export/ps1") == (
        431, "The storage pool should be in maintenance mode to edit its url, id: %s, state: Up" % pool["id"])
    api.enableStorageMaintenance(id=pool["id"])
    assert error(api.updateStoragePool, id=pool["id"], url="nfs://10.0.0.7") == (
        431, "host or path is null, should be nfs://hostname/path")
    assert error(api.updateStoragePool, id=pool["id"], url="cifs://10.0.0.7/share") == (
        431, "The url of storage pool %s must be of its type NetworkFilesystem, not SMB" % pool["id"])
    assert error(api.updateStoragePool, id=pool["id"], url="nfs://10.0.0.6/export/ps2") == (
        530, "Failed to add data store: Storage pool /export/ps2 already in use by another pod (id=%s)" % pod["id"])
    moved = api.updateStoragePool(id=pool["id"], url="nfs://10.0.0.7/export/ps1")["storagepool"]
    assert (moved["ipaddress"], moved["path"], moved["type"], moved["state"]) == (
        "10.0.0.7", "/export/ps1", "NetworkFilesystem", "Maintenance")
    same = api.updateStoragePool(id=pool["id"], url="nfs://10.0.0.7/export/ps1")["storagepool"]
    assert (same["ipaddress"], same["path"]) == ("10.0.0.7", "/export/ps1")  # its own path is not "in use"
