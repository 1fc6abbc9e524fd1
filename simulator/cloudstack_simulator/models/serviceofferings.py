"""Service (compute) offerings, user and system ones: fixed, custom constrained (min/max CPU and memory)
and custom unconstrained, as ConfigurationManagerImpl.createServiceOffering builds them; with a vGPU profile
(4.21) and the external details of extension-based hypervisors (4.21: details named External:<key>)."""
from .. import exceptions
from ..registry import Listing, command
from .common import by_sort_key, filter_common, public, success
from .gpu import profile_view
from .offerings import disk_rates, filter_scope, make_service_offering, map_entries, offering_scope, update_offering

SYSTEM_VM_TYPES = ("domainrouter", "consoleproxy", "secondarystoragevm")
CONSTRAINTS = ("mincpunumber", "maxcpunumber", "minmemory", "maxmemory")
EXTERNAL = "External:"  # VmDetailConstants.EXTERNAL_DETAIL_PREFIX
PROFILE_FIELDS = (("vgpuprofilename", "name"), ("gpucardid", "gpucardid"), ("gpucardname", "gpucardname"),
                  ("videoram", "videoram"), ("maxheads", "maxheads"), ("maxresolutionx", "maxresolutionx"),
                  ("maxresolutiony", "maxresolutiony"))


def offering_view(store, offering):
    """ServiceOfferingResponse: the offering, with its vGPU profile's and card's fields (service_offering_view)."""
    out = public(offering)
    if offering.get("vgpuprofileid"):
        profile = profile_view(store, store.get("vgpuprofile", offering["vgpuprofileid"]))
        out.update((field, profile[key]) for field, key in PROFILE_FIELDS if profile.get(key) is not None)
    return out


def external_details(entries):
    """An externaldetails map as BaseCmd.convertExternalDetailsToMap reads it: each key prefixed."""
    return dict((EXTERNAL + key, value) for key, value in map_entries(entries).items())


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
    if params.get("vgpuprofileid"):
        offerings = [o for o in offerings if o.get("vgpuprofileid") == params["vgpuprofileid"]]
    if params.get("gpuenabled") is not None:
        offerings = [o for o in offerings if bool(o.get("vgpuprofileid")) == params["gpuenabled"]]
    offerings = filter_scope(ctx, offerings, params)
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None), keyword_fields=("name", "displaytext"))
    return Listing(by_sort_key(ctx.store, offerings), lambda offering: offering_view(ctx.store, offering))


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
    extra.update(vgpu_profile(ctx, params))
    details = map_entries(params.get("serviceofferingdetails"))
    details.update(external_details(params.get("externaldetails")))
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
    return {"serviceoffering": offering_view(store, offering)}


def vgpu_profile(ctx, params):
    """ConfigurationManagerImpl.validateVgpuProfileAndGetGpuCount: a profile's offering has one GPU at least."""
    if not params.get("vgpuprofileid"):
        return {}
    profile = ctx.store.get("vgpuprofile", params["vgpuprofileid"])
    if profile is None:
        raise exceptions.invalid("Please specify a valid vgpu profile.")
    if params.get("gpucount") is not None and params["gpucount"] < 1:
        raise exceptions.invalid("GPU count must be greater than 0.")
    return {"vgpuprofileid": profile["id"], "gpucount": 1 if params.get("gpucount") is None else params["gpucount"]}


def update_external_details(offering, params):
    """serviceOfferingExternalDetailsNeedUpdate, then the update: the given map replaces every External: detail;
    `cleanupexternaldetails` removes them all."""
    wanted = external_details(params.get("externaldetails"))
    if not wanted and not params.get("cleanupexternaldetails"):
        return
    details = dict((k, v) for k, v in offering["serviceofferingdetails"].items() if not k.startswith(EXTERNAL))
    if not params.get("cleanupexternaldetails"):
        details.update(wanted)
    offering["serviceofferingdetails"] = details


@command("updateServiceOffering")
def update_service_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("serviceoffering", "id")
    if params.get("purgeresources") is not None:
        offering["purgeresources"] = params["purgeresources"]
    update_external_details(offering, params)
    update_offering(ctx, "serviceoffering", offering, params)
    return {"serviceoffering": offering_view(ctx.store, offering)}


@command("deleteServiceOffering")
def delete_service_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("serviceoffering", "id")
    if offering["defaultuse"]:
        raise exceptions.invalid("Default service offerings cannot be deleted")
    # CloudStack marks the offering removed; instances keep referring to it.
    ctx.store.delete("serviceoffering", offering["id"])
    return success()
