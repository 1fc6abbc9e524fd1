"""Instance groups, declared on the resource layer (models/resource.py): ownership, visibility, CRUD."""
from conftest import api_error, client, user_client


def test_instance_group_lifecycle(simulator, world):
    api = client(simulator)
    created = api.createInstanceGroup(name="web")["instancegroup"]
    assert {k: created[k] for k in ("name", "account", "domain")} == {"name": "web", "account": "admin",
                                                                      "domain": "ROOT"}
    assert set(created) <= {field["name"] for field in api.listApis(name="createInstanceGroup")["api"][0]["response"]}
    error = api_error(api.createInstanceGroup, name="web")
    assert error["errorcode"] == 431
    assert error["errortext"] == ("Unable to create vm group, a group with name web already exisits for account %s"
                                  % api.listAccounts(name="admin")["account"][0]["id"])
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], group="web")["virtualmachine"]
    assert vm["groupid"] == created["id"]
    renamed = api.updateInstanceGroup(id=created["id"], name="frontend")["instancegroup"]
    assert renamed["name"] == "frontend"
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["group"] == "frontend"
    assert [g["name"] for g in api.listInstanceGroups(keyword="front")["instancegroup"]] == ["frontend"]
    assert api.deleteInstanceGroup(id=created["id"]) == {"success": "true"}
    assert api.listInstanceGroups() == {}
    listed = api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]
    assert listed.get("groupid") is None and listed.get("group") is None


def test_instance_groups_belong_to_their_owner(simulator):
    admin = client(simulator)
    ann = user_client(simulator, admin, "ann")
    mine = ann.createInstanceGroup(name="shared-name")["instancegroup"]
    admin.createInstanceGroup(name="shared-name")  # names are unique per owner only
    assert [g["account"] for g in ann.listInstanceGroups()["instancegroup"]] == ["ann"]
    assert sorted(g["account"] for g in admin.listInstanceGroups(listall=True)["instancegroup"]) == ["admin", "ann"]
    theirs = admin.listInstanceGroups()["instancegroup"][0]
    assert api_error(ann.deleteInstanceGroup, id=theirs["id"])["errorcode"] == 531
    admin.createInstanceGroup(name="for-ann", account="ann", domainid=admin.listDomains(name="ROOT")["domain"][0]["id"])
    assert sorted(g["name"] for g in ann.listInstanceGroups()["instancegroup"]) == ["for-ann", "shared-name"]
    assert ann.deleteInstanceGroup(id=mine["id"]) == {"success": "true"}
