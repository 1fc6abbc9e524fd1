"""Regions (RegionManagerImpl): numbered by the operator, unique by id and by name; a fresh database holds
region 1, "Local", this management server."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, public, success

LOCAL_ENDPOINT = "http://localhost:8080/client/"


def make_region(store, number, name, endpoint):
    """A region record, keyed by its number as text (as every record is by a text id)."""
    region = {"id": str(number), "name": name, "endpoint": endpoint, "gslbserviceenabled": True,
              "portableipserviceenabled": False}
    return store.put("region", region)


def view_region(region):
    """The region as CloudStack shows it: its id is a number."""
    return dict(public(region), id=int(region["id"]))


def region_by_number(store, number):
    return store.get("region", str(int(number)))


@command("listRegions")
def list_regions(ctx, params):
    regions = sorted(ctx.store.all("region"), key=lambda r: int(r["id"]))
    if params.get("id") is not None:
        regions = [r for r in regions if r["id"] == str(int(params["id"]))]
    if params.get("name"):
        regions = [r for r in regions if r["name"] == params["name"]]
    return Listing(filter_common(ctx, regions, dict(params, id=None, name=None)), view_region)


@command("addRegion")
def add_region(ctx, params):
    ctx.require_root_admin()
    if region_by_number(ctx.store, params["id"]):
        raise exceptions.invalid("Region with id: %s already exists" % params["id"])
    if ctx.store.first("region", name=params["name"]):
        raise exceptions.invalid("Region with name: %s already exists" % params["name"])
    return {"region": view_region(make_region(ctx.store, int(params["id"]), params["name"], params["endpoint"]))}


@command("updateRegion")
def update_region(ctx, params):
    ctx.require_root_admin()
    region = region_by_number(ctx.store, params["id"])
    if region is None:
        raise exceptions.invalid("Region with id: %s does not exist" % params["id"])
    named = ctx.store.first("region", name=params["name"]) if params.get("name") is not None else None
    if named is not None and named["id"] != region["id"]:
        raise exceptions.invalid("Region with name: %s already exists" % params["name"])
    for field in ("name", "endpoint"):
        if params.get(field) is not None:
            region[field] = params[field]
    ctx.store.put("region", region)
    return {"region": view_region(region)}


@command("removeRegion")
def remove_region(ctx, params):
    ctx.require_root_admin()
    region = region_by_number(ctx.store, params["id"])
    if region is None:
        raise exceptions.invalid("Failed to delete Region: %s, Region not found" % params["id"])
    ctx.store.delete("region", region["id"])
    return success()
