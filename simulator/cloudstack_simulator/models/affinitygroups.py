"""Affinity groups (listAffinityGroups, createAffinityGroup, deleteAffinityGroup, listAffinityGroupTypes), as
AffinityGroupServiceImpl: a group has one of the types the affinity processors offer (the admin-controlled
ExplicitDedication is not listed and only the root admin creates it); deleting a group in use releases its
instances (their vm maps are removed), it is not refused."""
from .. import exceptions
from ..registry import Listing, command
from .common import member_ids, members_of
from .resource import Resource

AFFINITY_TYPES = ("host anti-affinity", "host affinity", "non-strict host anti-affinity",
                  "non-strict host affinity")
ADMIN_TYPES = ("ExplicitDedication",)


def check_affinity_type(ctx, params):
    kind = params.get("type")
    if kind not in AFFINITY_TYPES + ADMIN_TYPES:
        raise exceptions.invalid("Unable to create affinity group, invalid affinity group type: %s. Valid values are %s"
                                 % ("null" if kind is None else kind, ",".join(AFFINITY_TYPES + ADMIN_TYPES)))
    if kind in ADMIN_TYPES and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot create the affinity group")
    return kind


AFFINITY_GROUPS = Resource("affinitygroup", "affinitygroup", "listAffinityGroups", filters=("type",),
                           keyword_fields=("name", "description"), jobtype="AffinityGroup",
                           computed=lambda store, group: {"virtualmachineIds": member_ids(store, "_affinitygroups",
                                                                                          group)},
                           narrow=members_of("_affinitygroups"))


@command("listAffinityGroupTypes")
def list_affinity_group_types(ctx, params):
    """CloudStack names the list `affinityGroupType` (AffinityGroupTypeResponse's object name)."""
    types = [{"type": t} for t in AFFINITY_TYPES]
    if params.get("keyword"):
        types = [t for t in types if params["keyword"].lower() in t["type"].lower()]
    return Listing(types, key="affinityGroupType")


@AFFINITY_GROUPS.create_command("createAffinityGroup",
                                duplicate="Unable to create affinity group, a group with name {name} already exists.")
def affinity_group_of(ctx, params, account, project):
    return {"name": params["name"], "description": params.get("description"),
            "type": check_affinity_type(ctx, params), "dedicatedresources": []}


@AFFINITY_GROUPS.delete_command("deleteAffinityGroup",
                                by_name=("Unable to find affinity group {name}",
                                         "Either the affinity group Id or group name must be specified to delete the "
                                         "group"))
def release_instances(store, group):
    for vm in store.all("virtualmachine"):
        if group["id"] in vm.get("_affinitygroups", ()):
            vm["_affinitygroups"] = [g for g in vm["_affinitygroups"] if g != group["id"]]
            store.put("virtualmachine", vm)
