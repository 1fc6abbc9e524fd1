"""Service (compute) offerings, user and system ones: fixed, custom constrained (min/max CPU and memory)
and custom unconstrained, as ConfigurationManagerImpl.createServiceOffering builds them."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, public, success
from .offerings import disk_rates, filter_scope, make_service_offering, map_entries, offering_scope, update_offering

SYSTEM_VM_TYPES = ("domainrouter", "consoleproxy", "secondarystoragevm")
CONSTRAINTS = ("mincpunumber", "maxcpunumber", "minmemory", "maxmemory")


@command("listServiceOfferings")
def list_service_offerings(ctx, params):
    offerings = ctx.store.all("serviceoffering")
    offerings = [o for o in offerings if o["issystem"] == bool(params.get("issystem"))]
    if params.get("systemvmtype"):
        offerings = [o for o in offerings if o.get("systemvmtype") == params["systemvmtype"]]
    for field in ("cpunumber", "cpuspeed", "memory"):
        if params.get(field) is not None:
            offerings = [o for o in offerings if o["iscustomized"] or (o[field] or 0) >= params[field]]
    if params.get("virtualmachineid"):
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        offerings = [o for o in offerings if o["id"] != vm["serviceofferingid"]]
    offerings = filter_scope(ctx, offerings, params)
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None), keyword_fields=("name", "displaytext"))
    return Listing(offerings, public)


def positive(params, name, minimum=1):
    value = params.get(name)
    if value is not None and value < minimum:
        raise exceptions.invalid("Failed to create service offering %s: specify the %s as a positive number"
                                 % (params["name"], name))


def check_constraints(params, customized):
    """A custom offering's min/max CPU number and memory: all four or none, each range in order."""
    given = [params.get(key) for key in CONSTRAINTS]
    if all(value is None for value in given):
        return
    if not customized or None in given:
        raise exceptions.invalid("For creating a custom compute offering min/max cpu and min/max memory should "
                                 "either all be specified or none of them")
    mincpu, maxcpu, minmemory, maxmemory = given
    if mincpu < 1 or mincpu > maxcpu:
        raise exceptions.invalid("Failed to create service offering %s: specify the minimum or minimum cpu number "
                                 "value between 1 and 2147483647" % params["name"])
    if minmemory < 32 or minmemory > maxmemory:
        raise exceptions.invalid("Failed to create service offering %s: specify the memory value between 32 and "
                                 "2147483647 MB" % params["name"])


@command("createServiceOffering")
def create_service_offering(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    for name in ("cpunumber", "cpuspeed"):
        positive(params, name)
    positive(params, "memory", 32)
    if params.get("memory") is not None and params["memory"] < 32:
        raise exceptions.invalid("Failed to create service offering %s: specify the memory value between 32 and "
                                 "2147483647 MB" % params["name"])
    size = (params.get("cpunumber"), params.get("cpuspeed"), params.get("memory"))
    if params.get("customized") is False and None in size:
        raise exceptions.invalid("For creating a custom compute offering min/max cpu and min/max memory should "
                                 "either all be specified or none of them")
    check_constraints(params, customized=None in size)
    extra = offering_scope(ctx, params)
    for key, field in (("offerha", "offerha"), ("limitcpuuse", "limitcpuuse"), ("isvolatile", "isvolatile"),
                       ("hosttags", "hosttags"), ("tags", "storagetags"), ("networkrate", "networkrate"),
                       ("storagetype", "storagetype"), ("provisioningtype", "provisioningtype"),
                       ("dynamicscalingenabled", "dynamicscalingenabled"), ("rootdisksize", "rootdisksize"),
                       ("deploymentplanner", "deploymentplanner"), ("encryptroot", "encryptroot"),
                       ("cachemode", "cacheMode"), ("customizediops", "iscustomizediops"),
                       ("purgeresources", "purgeresources"), ("miniops", "miniops"), ("maxiops", "maxiops"),
                       ("hypervisorsnapshotreserve", "hypervisorsnapshotreserve"),
                       ("diskofferingstrictness", "diskofferingstrictness"), ("leaseduration", "leaseduration"),
                       ("leaseexpiryaction", "leaseexpiryaction"), ("gpucount", "gpucount"),
                       ("gpudisplay", "gpudisplay"), ("storagepolicy", "vspherestoragepolicy")):
        if params.get(key) is not None:
            extra[field] = params[key]
    extra.update(disk_rates(params))
    if params.get("diskofferingid"):
        disk = ctx.lookup("diskoffering", "diskofferingid")
        extra.update(diskofferingid=disk["id"], diskofferingname=disk["name"], diskofferingdisplaytext=disk["displaytext"])
    details = map_entries(params.get("serviceofferingdetails"))
    for key in CONSTRAINTS:
        if params.get(key) is not None:
            details[key] = str(params[key])
    extra["serviceofferingdetails"] = details
    if params.get("issystem") and params.get("systemvmtype") not in SYSTEM_VM_TYPES:
        raise exceptions.invalid("Invalid systemVmType. Supported types are: domainrouter, consoleproxy, "
                                 "secondarystoragevm")
    offering = make_service_offering(store, params["name"], params["displaytext"], params.get("cpunumber"),
                                     params.get("cpuspeed"), params.get("memory"), bool(params.get("issystem")),
                                     params.get("systemvmtype"), **extra)
    return {"serviceoffering": public(offering)}


@command("updateServiceOffering")
def update_service_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("serviceoffering", "id")
    if params.get("purgeresources") is not None:
        offering["purgeresources"] = params["purgeresources"]
    update_offering(ctx, "serviceoffering", offering, params)
    return {"serviceoffering": public(offering)}


@command("deleteServiceOffering")
def delete_service_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("serviceoffering", "id")
    if offering["defaultuse"]:
        raise exceptions.invalid("Default service offerings cannot be deleted")
    # CloudStack marks the offering removed; instances keep referring to it.
    ctx.store.delete("serviceoffering", offering["id"])
    return success()
