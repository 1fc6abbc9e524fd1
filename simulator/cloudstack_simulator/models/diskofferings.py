"""Disk offerings: fixed or custom size, rates, IOPS, storage tags, domains and zones."""
from .. import exceptions
from ..registry import Listing, command
from .common import by_sort_key, filter_common, public, success
from .offerings import disk_rates, filter_scope, make_disk_offering, map_entries, offering_scope, update_offering


@command("listDiskOfferings")
def list_disk_offerings(ctx, params):
    offerings = filter_scope(ctx, ctx.store.all("diskoffering"), params)
    if params.get("storagetype"):
        offerings = [o for o in offerings if o["storagetype"] == params["storagetype"]]
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None), keyword_fields=("name", "displaytext"))
    return Listing(by_sort_key(ctx.store, offerings), public)


@command("createDiskOffering")
def create_disk_offering(ctx, params):
    ctx.require_root_admin()
    disksize = params.get("disksize")
    customized = params.get("customized", False)
    if disksize is None and not customized:
        raise exceptions.invalid("Disksize is required for a non-customized disk offering")
    if disksize is not None and customized:
        raise exceptions.invalid("Disksize should not be specified when creating a customized disk offering")
    if disksize is not None and disksize <= 0:
        raise exceptions.invalid("Please specify a disk size of at least 1 GB.")
    extra = offering_scope(ctx, params)
    for key, field in (("tags", "tags"), ("storagetype", "storagetype"), ("provisioningtype", "provisioningtype"),
                       ("displayoffering", "displayoffering"), ("customizediops", "iscustomizediops"),
                       ("miniops", "miniops"), ("maxiops", "maxiops"), ("encrypt", "encrypt"),
                       ("cachemode", "cacheMode"), ("disksizestrictness", "disksizestrictness"),
                       ("hypervisorsnapshotreserve", "hypervisorsnapshotreserve"),
                       ("storagepolicy", "vspherestoragepolicy")):
        if params.get(key) is not None:
            extra[field] = params[key]
    extra.update(disk_rates(params))
    if params.get("details"):
        extra["details"] = map_entries(params["details"])
    offering = make_disk_offering(ctx.store, params["name"], params["displaytext"], disksize, customized, **extra)
    return {"diskoffering": public(offering)}


@command("updateDiskOffering")
def update_disk_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("diskoffering", "id")
    update_offering(ctx, "diskoffering", offering, params)
    offering.update(disk_rates(params))
    if params.get("displayoffering") is not None:
        offering["displayoffering"] = params["displayoffering"]
    if params.get("cachemode"):
        offering["cacheMode"] = params["cachemode"]
    ctx.store.put("diskoffering", offering)
    return {"diskoffering": public(offering)}


@command("deleteDiskOffering")
def delete_disk_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("diskoffering", "id")
    ctx.store.delete("diskoffering", offering["id"])
    return success()
