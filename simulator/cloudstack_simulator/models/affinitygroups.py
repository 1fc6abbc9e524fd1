"""Affinity groups (listAffinityGroups, createAffinityGroup, deleteAffinityGroup, listAffinityGroupTypes)."""
from .. import exceptions
from ..registry import Listing, command
from .common import member_ids, members_of
from .resource import Resource


AFFINITY_TYPES = ("host anti-affinity", "host affinity", "non-strict host anti-affinity",
                  "non-strict host affinity", "ExplicitDedication")


def check_affinity_type(params):
    kind = params.get("type") or "host anti-affinity"
    if kind not in AFFINITY_TYPES:
        raise exceptions.invalid("Unable to create affinity group, invalid affinity group type %s" % kind)
    return kind


AFFINITY_GROUPS = Resource("affinitygroup", "affinitygroup", "listAffinityGroups", filters=("type",),
                           keyword_fields=("name", "description"), jobtype="AffinityGroup",
                           computed=lambda store, group: {"virtualmachineIds": member_ids(store, "_affinitygroups",
                                                                                          group)},
                           narrow=members_of("_affinitygroups"))


@command("listAffinityGroupTypes")
def list_affinity_group_types(ctx, params):
    return Listing([{"type": t} for t in AFFINITY_TYPES])


@AFFINITY_GROUPS.create_command("createAffinityGroup",
                                duplicate="Unable to create affinity group, a group with name {name} already exists.")
def affinity_group_of(ctx, params, account, project):
    return {"name": params["name"], "description": params.get("description"), "type": check_affinity_type(params),
            "dedicatedresources": []}


def refuse_affinity_group_delete(store, group):
    if member_ids(store, "_affinitygroups", group):
        raise exceptions.in_use("Cannot delete affinity group %s: it is in use by virtual machines" % group["name"])


AFFINITY_GROUPS.delete_command("deleteAffinityGroup", refuse=refuse_affinity_group_delete,
                               by_name=("Unable to find affinity group by name {name} for account {account}",
                                        "Either the affinity group id or name must be specified"))
