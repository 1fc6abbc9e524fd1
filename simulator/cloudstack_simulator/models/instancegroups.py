"""Instance groups (listInstanceGroups, createInstanceGroup, updateInstanceGroup, deleteInstanceGroup):
a name per owner that instances may carry (deployVirtualMachine/updateVirtualMachine `group`)."""
from .common import now
from .resource import Resource

GROUPS = Resource("instancegroup", "instancegroup", "listInstanceGroups")


@GROUPS.create_command("createInstanceGroup",
                       duplicate="Unable to create vm group, a group with name {name} already exisits for account "
                                 "{account}")
def group_fields(ctx, params, account, project):
    return {"name": params["name"], "created": now(), "hasannotations": False}


@GROUPS.delete_command("deleteInstanceGroup")
def ungroup_instances(store, group):
    """Its instances stay, outside any group (CloudStack removes the group's vm map rows)."""
    for vm in store.find("virtualmachine", groupid=group["id"]):
        vm.update(group=None, groupid=None)
        store.put("virtualmachine", vm)


@GROUPS.update_command("updateInstanceGroup", ("name",),
                       duplicate="Unable to update vm group, a group with name {name} already exists for account")
def rename_in_instances(store, group):
    """An instance's `group` is its group's name."""
    for vm in store.find("virtualmachine", groupid=group["id"]):
        vm["group"] = group["name"]
        store.put("virtualmachine", vm)
