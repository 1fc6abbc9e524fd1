"""Data volumes: create from a disk offering, attach/detach, resize, migrate, delete, limits, with CloudStack's rules."""
import pytest
from cs import CloudStackException

from conftest import api_error

GIB = 1024 ** 3


def job_error(call, **params):
    with pytest.raises(CloudStackException) as info:
        call(**params)
    return info.value.error


def offering(api, name):
    return next(o for o in api.listDiskOfferings()["diskoffering"] if o["name"] == name)


@pytest.fixture
def custom(api):
    return api.createDiskOffering(name="custom", displaytext="custom", customized=True)["diskoffering"]


@pytest.fixture
def small(api):
    return api.createDiskOffering(name="five", displaytext="five", disksize=5)["diskoffering"]


def deploy(api, world, **params):
    return api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                    serviceofferingid=world.small["id"], **params)["virtualmachine"]


def test_create_attach_detach_delete(api, world, custom):
    volume = api.createVolume(name="data", zoneid=world.basic["id"], diskofferingid=custom["id"], size=10)["volume"]
    assert (volume["type"], volume["state"], volume["size"]) == ("DATADISK", "Allocated", 10 * GIB)
    assert volume["diskofferingname"] == "custom" and "virtualmachineid" not in volume
    vm = deploy(api, world, name="web")
    attached = api.attachVolume(id=volume["id"], virtualmachineid=vm["id"])["volume"]
    assert (attached["virtualmachineid"], attached["deviceid"], attached["state"]) == (vm["id"], 1, "Ready")
    assert attached["storage"] and attached["vmstate"] == "Running"
    assert [v["type"] for v in api.listVolumes(virtualmachineid=vm["id"])["volume"]] \
        == ["ROOT", "DATADISK"]
    error = api_error(api.deleteVolume, id=volume["id"])
    assert (error["errorcode"], error["errortext"]) == (431, "Please specify a volume that is not attached to any VM.")
    error = job_error(api.attachVolume, id=volume["id"], virtualmachineid=vm["id"])
    assert error["errortext"] == "Please specify a volume that is not attached to any VM."
    detached = api.detachVolume(id=volume["id"])["volume"]
    assert "virtualmachineid" not in detached and detached["state"] == "Ready"
    assert job_error(api.detachVolume, id=volume["id"])["errortext"] == "The specified volume is not attached to a VM."
    assert api.deleteVolume(id=volume["id"]) == {"success": "true"}
    assert api.listVolumes(name="data") == {}


def test_create_needs_an_offering_and_its_size(api, world, custom, small):
    zone = world.basic["id"]
    assert api_error(api.createVolume, name="x", zoneid=zone)["errortext"] == (
        "At least one of disk Offering ID or snapshot ID must be passed whilst creating volume")
    assert api_error(api.createVolume, name="x", zoneid=zone, diskofferingid=custom["id"])["errortext"] == (
        "This disk offering requires a custom size specified")
    assert api_error(api.createVolume, name="x", zoneid=zone, diskofferingid=small["id"], size=3)["errortext"] == (
        "This disk offering does not allow custom size")
    assert api.listVolumes(name="x") == {}


def test_attach_rules(api, world, small):
    vm = deploy(api, world, name="full")
    for n in range(6):
        volume = api.createVolume(name="d%d" % n, zoneid=world.basic["id"], diskofferingid=small["id"])["volume"]
        api.attachVolume(id=volume["id"], virtualmachineid=vm["id"])
    devices = sorted(v["deviceid"] for v in api.listVolumes(virtualmachineid=vm["id"], type="DATADISK")["volume"])
    assert devices == [1, 2, 4, 5, 6, 7]  # device 3 is the CD-ROM's
    extra = api.createVolume(name="extra", zoneid=world.basic["id"], diskofferingid=small["id"])["volume"]
    assert job_error(api.attachVolume, id=extra["id"], virtualmachineid=vm["id"])["errortext"] == (
        "The specified VM already has the maximum number of data disks (6) attached. Please specify another VM.")
    other = api.createVolume(name="other", zoneid=world.advanced["id"], diskofferingid=small["id"])["volume"]
    assert job_error(api.attachVolume, id=other["id"], virtualmachineid=vm["id"])["errortext"] == (
        "Please specify a VM that is in the same zone as the volume.")


def test_resize(api, world, custom, small):
    volume = api.createVolume(name="grow", zoneid=world.basic["id"], diskofferingid=custom["id"], size=10)["volume"]
    assert api.resizeVolume(id=volume["id"], size=20)["volume"]["size"] == 20 * GIB
    assert job_error(api.resizeVolume, id=volume["id"], size=15)["errortext"].endswith(
        "Need to sign off by supplying the shrinkok parameter with value of true.")
    assert api.resizeVolume(id=volume["id"], size=15, shrinkok=True)["volume"]["size"] == 15 * GIB
    moved = api.resizeVolume(id=volume["id"], diskofferingid=small["id"], shrinkok=True)["volume"]
    assert (moved["size"], moved["diskofferingname"]) == (5 * GIB, "five")
    assert job_error(api.resizeVolume, id=volume["id"], size=8)["errortext"].startswith(
        "To change a volume's size without providing a new disk offering")
    assert job_error(api.resizeVolume, id=volume["id"], diskofferingid=custom["id"])["errortext"] == (
        "The new disk offering requires that a size be specified.")


def test_migrate(api, world, small):
    vm = deploy(api, world, name="mig")
    volume = api.createVolume(name="m", zoneid=world.basic["id"], diskofferingid=small["id"])["volume"]
    volume = api.attachVolume(id=volume["id"], virtualmachineid=vm["id"])["volume"]
    pool = api.listStoragePools(id=volume["storageid"])["storagepool"][0]
    error = job_error(api.migrateVolume, volumeid=volume["id"], storageid=pool["id"])
    assert error["errortext"] == "Volume m is already on the destination storage pool"
    others = [p for p in api.listStoragePools(zoneid=world.basic["id"])["storagepool"]
              if p["id"] != pool["id"] and p.get("clusterid") in (None, pool["clusterid"])]
    if others:
        assert "livemigrate" in job_error(api.migrateVolume, volumeid=volume["id"], storageid=others[0]["id"])["errortext"]
        moved = api.migrateVolume(volumeid=volume["id"], storageid=others[0]["id"], livemigrate=True)["volume"]
        assert moved["storageid"] == others[0]["id"]


def test_volume_and_primary_storage_limits(api, world, small):
    root = api.listDomains(name="ROOT")["domain"][0]
    api.createAccount(account="vol", username="vol", password="pw", email="v@example.com", firstname="V",
                      lastname="O", accounttype=0, domainid=root["id"])
    api.updateResourceLimit(account="vol", domainid=root["id"], resourcetype=10, max=7)
    api.createVolume(name="a", zoneid=world.basic["id"], diskofferingid=small["id"], account="vol",
                     domainid=root["id"])
    error = api_error(api.createVolume, name="b", zoneid=world.basic["id"], diskofferingid=small["id"],
                      account="vol", domainid=root["id"])
    assert error["errorcode"] == 532 and "primary_storage" in error["errortext"]
    api.updateResourceLimit(account="vol", domainid=root["id"], resourcetype=2, max=1)
    error = api_error(api.createVolume, name="c", zoneid=world.basic["id"], diskofferingid=small["id"],
                      account="vol", domainid=root["id"])
    assert error["errorcode"] == 532 and "'volume'" in error["errortext"]


def test_data_disks_survive_their_instance(api, world, small):
    vm = deploy(api, world, name="gone")
    volume = api.createVolume(name="kept", zoneid=world.basic["id"], diskofferingid=small["id"],
                              virtualmachineid=vm["id"])["volume"]
    assert volume["virtualmachineid"] == vm["id"]
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    kept = api.listVolumes(id=volume["id"])["volume"][0]
    assert "virtualmachineid" not in kept and kept["type"] == "DATADISK"
    assert not [v for v in api.listVolumes(listall=True).get("volume", []) if v.get("vmname") == "gone"]


def test_tags_of_a_volume(api, world, small):
    volume = api.createVolume(name="tagged", zoneid=world.basic["id"], diskofferingid=small["id"])["volume"]
    api.createTags(resourceids=volume["id"], resourcetype="Volume", tags=[{"key": "env", "value": "Prod"}])
    assert api.listVolumes(id=volume["id"])["volume"][0]["tags"][0]["value"] == "Prod"
    error = job_error(api.deleteTags, resourceids=volume["id"], resourcetype="Volume",
                      tags=[{"key": "env", "value": "test"}])
    assert error["errortext"] == "Unable to find any tags which conform to specified delete parameters."
    api.deleteTags(resourceids=volume["id"], resourcetype="Volume", tags=[{"key": "env", "value": "prod"}])
    assert api.listTags(resourceid=volume["id"]) == {}


def test_extract_and_upload(api, world, small):
    volume = api.createVolume(name="ex", zoneid=world.basic["id"], diskofferingid=small["id"])["volume"]
    error = job_error(api.extractVolume, id=volume["id"], zoneid=world.basic["id"], mode="HTTP_DOWNLOAD")
    assert error["errortext"] == "The volume doesn't belong to a storage pool so can't extract it"
    vm = deploy(api, world, name="ex-vm")
    api.attachVolume(id=volume["id"], virtualmachineid=vm["id"])
    error = job_error(api.extractVolume, id=volume["id"], zoneid=world.basic["id"], mode="HTTP_DOWNLOAD")
    assert error["errorcode"] == 531 and "should be either detached" in error["errortext"]
    api.detachVolume(id=volume["id"])
    extracted = api.extractVolume(id=volume["id"], zoneid=world.basic["id"], mode="HTTP_DOWNLOAD")["volume"]
    assert extracted["state"] == "DOWNLOAD_URL_CREATED" and extracted["url"].startswith("http://")
    assert job_error(api.uploadVolume, name="up", zoneid=world.basic["id"], format="ISO",
                     url=extracted["url"])["errortext"].startswith("Image format: ISO is incorrect.")
    uploaded = api.uploadVolume(name="up", zoneid=world.basic["id"], format="VHD", url=extracted["url"])["volume"]
    assert (uploaded["state"], uploaded["type"]) == ("Uploaded", "DATADISK")
    attached = api.attachVolume(id=uploaded["id"], virtualmachineid=vm["id"])["volume"]
    assert attached["state"] == "Ready"


def test_a_root_disk_counts_as_primary_storage(api, world):
    root = api.listDomains(name="ROOT")["domain"][0]
    api.createAccount(account="rooted", username="rooted", password="pw", email="r@example.com", firstname="R",
                      lastname="O", accounttype=0, domainid=root["id"])
    api.updateResourceLimit(account="rooted", domainid=root["id"], resourcetype=10, max=1)
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], account="rooted", domainid=root["id"], rootdisksize=5)
    assert error["errorcode"] == 532 and "primary_storage" in error["errortext"]
    assert api.listVirtualMachines(account="rooted", domainid=root["id"]) == {}
