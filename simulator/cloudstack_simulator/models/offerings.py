"""Service offerings, disk offerings and network offerings."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, now, public, success

GB = 1024 ** 3
# Disk rate parameters of offerings -> the keys CloudStack returns them under.
DISK_RATES = (("bytesreadrate", "diskBytesReadRate"), ("byteswriterate", "diskBytesWriteRate"),
              ("iopsreadrate", "diskIopsReadRate"), ("iopswriterate", "diskIopsWriteRate"),
              ("bytesreadratemax", "diskBytesReadRateMax"), ("byteswriteratemax", "diskBytesWriteRateMax"),
              ("iopsreadratemax", "diskIopsReadRateMax"), ("iopswriteratemax", "diskIopsWriteRateMax"),
              ("bytesreadratemaxlength", "diskBytesReadRateMaxLength"),
              ("byteswriteratemaxlength", "diskBytesWriteRateMaxLength"),
              ("iopsreadratemaxlength", "diskIopsReadRateMaxLength"),
              ("iopswriteratemaxlength", "diskIopsWriteRateMaxLength"))


# Builders --------------------------------------------------------------------------------------

def make_service_offering(store, name, displaytext, cpunumber=None, cpuspeed=None, memory=None, issystem=False,
                          systemvmtype=None, defaultuse=False, **extra):
    customized = cpunumber is None or cpuspeed is None or memory is None
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "cpunumber": cpunumber,
                "cpuspeed": cpuspeed, "memory": memory, "created": now(), "storagetype": "shared",
                "provisioningtype": "thin", "offerha": False, "limitcpuuse": False, "isvolatile": False,
                "issystem": issystem, "defaultuse": defaultuse, "iscustomized": customized,
                "iscustomizediops": False, "dynamicscalingenabled": True, "diskofferingstrictness": False,
                "encryptroot": False, "state": "Active", "cacheMode": "none", "hasannotations": False,
                "purgeresources": False, "hosttags": None, "storagetags": None, "networkrate": None,
                "systemvmtype": systemvmtype, "rootdisksize": None, "serviceofferingdetails": {},
                "domainid": None, "domain": None, "zoneid": None, "zone": None}
    offering.update(extra)
    return store.put("serviceoffering", offering)


def make_disk_offering(store, name, displaytext, disksize=None, customized=False, **extra):
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "disksize": disksize or 0,
                "iscustomized": customized, "iscustomizediops": False, "storagetype": "shared",
                "provisioningtype": "thin", "created": now(), "state": "Active", "displayoffering": True,
                "cacheMode": "none", "encrypt": False, "disksizestrictness": False, "hasannotations": False,
                "tags": None, "domainid": None, "domain": None, "zoneid": None, "zone": None}
    offering.update(extra)
    return store.put("diskoffering", offering)


def make_network_offering(store, name, displaytext, guestiptype, services, specifyvlan=False,
                          specifyipranges=False, forvpc=False, availability="Optional", traffictype="Guest",
                          isdefault=True, conservemode=True, egressdefaultpolicy=True, ispersistent=False):
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "guestiptype": guestiptype,
                "traffictype": traffictype, "state": "Enabled", "isdefault": isdefault, "specifyvlan": specifyvlan,
                "specifyipranges": specifyipranges, "availability": availability, "conservemode": conservemode,
                "forvpc": forvpc, "egressdefaultpolicy": egressdefaultpolicy, "ispersistent": ispersistent,
                "networkrate": 200, "supportsstrechedl2subnet": False, "supportspublicaccess": False,
                "supportsinternallb": False, "fornsx": False, "fortungsten": False, "internetprotocol": "IPv4",
                "created": now(), "hasannotations": False, "tags": None, "domainid": None, "domain": None,
                "zoneid": None, "zone": None,
                "service": [{"name": svc, "provider": [{"name": provider}]} for svc, provider in services]}
    return store.put("networkoffering", offering)


# Shared helpers --------------------------------------------------------------------------------

def offering_scope(ctx, params):
    """domainid/zoneid lists of a create command -> the offering's domain and zone fields."""
    fields = {}
    domains = [ctx.lookup("domain", "domainid", d) for d in params.get("domainid") or []]
    zones = [ctx.lookup("zone", "zoneid", z) for z in params.get("zoneid") or []]
    if domains:
        fields.update(domainid=",".join(d["id"] for d in domains), domain=",".join(d["name"] for d in domains))
    if zones:
        fields.update(zoneid=",".join(z["id"] for z in zones), zone=",".join(z["name"] for z in zones))
    return fields


def filter_scope(ctx, offerings, params):
    if params.get("zoneid"):
        offerings = [o for o in offerings if not o.get("zoneid") or params["zoneid"] in o["zoneid"].split(",")]
    if params.get("domainid"):
        offerings = [o for o in offerings if not o.get("domainid") or params["domainid"] in o["domainid"].split(",")]
    if not ctx.is_root_admin:
        offerings = [o for o in offerings if not o.get("domainid") or ctx.account["domainid"] in o["domainid"]]
    return [o for o in offerings if o["state"] == "Active" or params.get("state")]


def disk_rates(params):
    """The disk rates a create or update sets, under the keys CloudStack returns."""
    return dict((field, params[key]) for key, field in DISK_RATES if params.get(key) is not None)


def map_entries(entries):
    """A map parameter as CloudStack reads it: each entry a {key, value} pair, else taken as it is."""
    result = {}
    for entry in entries or []:
        if entry.get("key") and entry.get("value"):
            result[entry["key"]] = entry["value"]
        else:
            result.update(entry)
    return result


def update_offering(ctx, kind, offering, params):
    if params.get("name"):
        offering["name"] = params["name"]
    if params.get("displaytext"):
        offering["displaytext"] = params["displaytext"]
    if params.get("state"):
        if params["state"] not in ("Active", "Inactive"):
            raise exceptions.invalid("Invalid state value: %s; it must be Active or Inactive" % params["state"])
        offering["state"] = params["state"]
    for key, field in (("hosttags", "hosttags"), ("storagetags", "storagetags"), ("tags", "tags")):
        if key in params and field in offering:
            offering[field] = params[key] or None
    for key, target in (("domainid", "domain"), ("zoneid", "zone")):
        if params.get(key) is not None:
            ids = [] if params[key].lower() in ("public", "all", "") else params[key].split(",")
            records = [ctx.lookup(target, key, i.strip()) for i in ids]
            offering[key] = ",".join(r["id"] for r in records) or None
            offering[target] = ",".join(r["name"] for r in records) or None
    ctx.store.put(kind, offering)


# Service offerings -----------------------------------------------------------------------------

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
    extra = offering_scope(ctx, params)
    for key, field in (("offerha", "offerha"), ("limitcpuuse", "limitcpuuse"), ("isvolatile", "isvolatile"),
                       ("hosttags", "hosttags"), ("tags", "storagetags"), ("networkrate", "networkrate"),
                       ("storagetype", "storagetype"), ("provisioningtype", "provisioningtype"),
                       ("dynamicscalingenabled", "dynamicscalingenabled"), ("rootdisksize", "rootdisksize"),
                       ("deploymentplanner", "deploymentplanner"), ("encryptroot", "encryptroot"),
                       ("cachemode", "cacheMode"), ("customizediops", "iscustomizediops"),
                       ("purgeresources", "purgeresources"), ("miniops", "miniops"), ("maxiops", "maxiops"),
                       ("hypervisorsnapshotreserve", "hypervisorsnapshotreserve")):
        if params.get(key) is not None:
            extra[field] = params[key]
    extra.update(disk_rates(params))
    details = map_entries(params.get("serviceofferingdetails"))
    for key in ("mincpunumber", "maxcpunumber", "minmemory", "maxmemory"):
        if params.get(key) is not None:
            details[key] = str(params[key])
    extra["serviceofferingdetails"] = details
    system_types = ("domainrouter", "consoleproxy", "secondarystoragevm")
    if params.get("issystem") and params.get("systemvmtype") not in system_types:
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


# Disk offerings --------------------------------------------------------------------------------

@command("listDiskOfferings")
def list_disk_offerings(ctx, params):
    offerings = filter_scope(ctx, ctx.store.all("diskoffering"), params)
    if params.get("storagetype"):
        offerings = [o for o in offerings if o["storagetype"] == params["storagetype"]]
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None), keyword_fields=("name", "displaytext"))
    return Listing(offerings, public)


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
                       ("hypervisorsnapshotreserve", "hypervisorsnapshotreserve")):
        if params.get(key) is not None:
            extra[field] = params[key]
    extra.update(disk_rates(params))
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
    ctx.store.put("diskoffering", offering)
    return {"diskoffering": public(offering)}


@command("deleteDiskOffering")
def delete_disk_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("diskoffering", "id")
    ctx.store.delete("diskoffering", offering["id"])
    return success()


# Network offerings -----------------------------------------------------------------------------

@command("listNetworkOfferings")
def list_network_offerings(ctx, params):
    offerings = ctx.store.all("networkoffering")
    for field in ("guestiptype", "traffictype", "availability", "displaytext"):
        if params.get(field):
            offerings = [o for o in offerings if (o.get(field) or "").lower() == params[field].lower()]
    for field in ("isdefault", "specifyvlan", "specifyipranges", "forvpc"):
        if field in params:
            offerings = [o for o in offerings if o[field] == params[field]]
    if params.get("supportedservices"):
        wanted = {s.lower() for s in params["supportedservices"]}
        offerings = [o for o in offerings if wanted <= {s["name"].lower() for s in o["service"]}]
    if params.get("zoneid"):
        zone = ctx.lookup("zone", "zoneid")
        sg = zone["securitygroupsenabled"]
        offerings = [o for o in offerings if (zone["networktype"] == "Basic") == (
            o["guestiptype"] == "Shared" and any(s["name"] == "SecurityGroup" for s in o["service"]) and sg)
            or (zone["networktype"] == "Advanced")]
    if params.get("state"):
        offerings = [o for o in offerings if o["state"].lower() == params["state"].lower()]
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None, state=None),
                              keyword_fields=("name", "displaytext"))
    return Listing(offerings, public)
