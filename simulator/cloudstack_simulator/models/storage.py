"""Primary storage pools and secondary (image) stores, with StorageManagerImpl's rules and texts:
URL checks per scheme, cluster and zone scope, maintenance (Up -> Maintenance -> Up), deletion only in
maintenance and without volumes, image stores unique by name and of one provider kind."""
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from . import capacity
from .common import filter_common, new_id, now, public, success
from .templates import seed_builtin_templates

TIB = 1024 ** 4
DEFAULT_CAPACITY = 2 * TIB  # what a pool or store reports when nothing says otherwise

# URL scheme -> (StoragePoolType, host CloudStack records or None for the URL's, leading "/" dropped from the path)
POOL_SCHEMES = {
    "nfs": ("NetworkFilesystem", None, False), "cifs": ("SMB", None, False), "file": ("Filesystem", "localhost", False),
    "sharedmountpoint": ("SharedMountPoint", None, False), "clvm": ("CLVM", None, True), "rbd": ("RBD", None, True),
    "presetup": ("PreSetup", None, False), "datastorecluster": ("DatastoreCluster", None, False),
    "iscsi": ("IscsiLUN", None, False), "iso": ("ISO", None, False), "vmfs": ("VMFS", None, False),
    "ocfs2": ("OCFS2", "clustered", False), "gluster": ("Gluster", None, False),
}
# The other StoragePoolType names, taken by Enum.valueOf (case-sensitive) for any other scheme.
POOL_TYPES = ("Filesystem", "NetworkFilesystem", "IscsiLUN", "Iscsi", "ISO", "LVM", "CLVM", "RBD", "SharedMountPoint",
              "VMFS", "PreSetup", "EXT", "OCFS2", "SMB", "Gluster", "PowerFlex", "ManagedNFS", "Linstor",
              "DatastoreCluster", "StorPool", "FiberChannel")
# StorageManagerImpl's URL checks: scheme -> (what must be set, the format it names).
URL_FORMATS = {"nfs": (("host", "path"), "nfs://hostname/path"), "gluster": (("host", "path"), "gluster://hostname/volume"),
               "sharedmountpoint": (("path",), "sharedmountpoint://localhost/path"), "rbd": (("path",), "rbd://hostname/pool")}
ZONE_WIDE_HYPERVISORS = ("KVM", "VMware", "Hyperv", "LXC", "Any", "Simulator")
SCOPES = ("CLUSTER", "ZONE")  # the ScopeTypes an operator adds pools at (HOST pools are the agents' local storage)
PRIMARY_PROVIDERS = ("DefaultPrimary", "SolidFire", "SolidFireShared", "Datera", "CloudByte", "Linstor", "PowerFlex",
                     "StorPool", "Primera", "FlashArray")
# Image store provider -> the scope it supports (ImageStoreProvider.isScopeSupported).
IMAGE_PROVIDERS = {"NFS": "ZONE", "SMB": "ZONE", "S3": "REGION", "Swift": "REGION"}


# Records -----------------------------------------------------------------------------------------

def make_storage_pool(store, cluster, name, url, scope="CLUSTER", tags=None, capacitybytes=None, zone=None,
                      hypervisor=None, **extra):
    """A pool of `cluster` (cluster scope) or of `zone` (zone scope, `hypervisor` given)."""
    pooltype, ipaddress, path = pool_location(url)
    clustered = scope == "CLUSTER"
    zone = zone or {"id": cluster["zoneid"], "name": cluster["zonename"]}
    pool = {"id": new_id(), "name": name, "zoneid": zone["id"], "zonename": zone["name"],
            "podid": cluster["podid"] if clustered else None, "podname": cluster["podname"] if clustered else None,
            "clusterid": cluster["id"] if clustered else None, "clustername": cluster["name"] if clustered else None,
            "type": pooltype, "ipaddress": ipaddress, "path": path, "state": "Up", "scope": scope, "disksizetotal": int(capacitybytes or DEFAULT_CAPACITY),
            "capacitybytes": int(capacitybytes or DEFAULT_CAPACITY), "created": now(),
            "hypervisor": hypervisor or cluster["hypervisortype"], "provider": "DefaultPrimary", "tags": tags or None,
            "managed": False, "istagarule": False,
            "storagecapabilities": {"VOLUME_SNAPSHOT_QUIESCEVM": "false"}, "hasannotations": False, "_url": url}
    pool.update(extra)
    return store.put("storagepool", pool)


def pool_location(url):
    """The type, host and path CloudStack records for a pool's URL."""
    parsed = urlsplit(url)
    pooltype, host, strip = POOL_SCHEMES.get(parsed.scheme.lower(), (parsed.scheme, None, False))
    path = parsed.path.replace("/", "", 1) if strip else parsed.path
    return pooltype, host or ("VMFS datastore: %s" % path if pooltype == "VMFS" else parsed.hostname), path


def make_image_store(store, zone, url, name=None, provider="NFS", details=None):
    """A secondary store: zone-wide, or region-wide when `zone` is None (S3, Swift)."""
    image = {"id": new_id(), "name": name or url, "url": url, "protocol": urlsplit(url or "").scheme or None,
             "providername": provider, "scope": "ZONE" if zone else "REGION",
             "zoneid": zone["id"] if zone else None, "zonename": zone["name"] if zone else None,
             "readonly": False, "disksizetotal": DEFAULT_CAPACITY, "disksizeused": 0, "hasannotations": False,
             "_details": details or {}}
    return store.put("imagestore", image)


def pool_volumes(store, pool):
    return store.find("volume", storageid=pool["id"])


def view_pool(store, pool):
    """The pool with its capacity: what its volumes take (allocated) and hold (used)."""
    out = public(pool)
    out.update(disksizeallocated=capacity.pool_allocated(store, pool), disksizeused=capacity.pool_used(store, pool),
               overprovisionfactor=str(capacity.pool_factor(store, pool)))
    return out


# Primary storage ---------------------------------------------------------------------------------

@command("listStoragePools")
def list_storage_pools(ctx, params):
    ctx.require_root_admin()
    pools = ctx.store.all("storagepool")
    for field in ("podid", "clusterid", "ipaddress", "path", "scope", "status"):
        if params.get(field):
            key = "state" if field == "status" else field
            pools = [p for p in pools if (p.get(key) or "").lower() == params[field].lower()]
    if params.get("hostid"):
        host = ctx.lookup("host", "hostid")
        pools = [p for p in pools if p["clusterid"] == host["clusterid"]
                 or (p["scope"] == "ZONE" and p["zoneid"] == host["zoneid"])]
    return Listing(filter_common(ctx, pools, params), lambda pool: view_pool(ctx.store, pool))


def pool_scope(params):
    scope = (params.get("scope") or "CLUSTER").upper()
    if scope not in SCOPES:
        raise exceptions.invalid("invalid scope for pool %s" % params["scope"])
    if scope == "CLUSTER" and not params.get("clusterid"):
        raise exceptions.invalid("cluster id can't be null, if scope is cluster")
    return scope


def zone_wide_hypervisor(params):
    if params.get("hypervisor") is None:
        raise exceptions.invalid("Missing parameter hypervisor. Hypervisor type is required to create zone wide "
                                 "primary storage.")
    supported = dict((h.lower(), h) for h in ZONE_WIDE_HYPERVISORS)
    if params["hypervisor"].lower() not in supported:
        raise exceptions.invalid("Zone wide storage pool is not supported for hypervisor type %s" % params["hypervisor"])
    return supported[params["hypervisor"].lower()]


def check_pool_url(url):
    """StorageManagerImpl's checks of the URL, before the provider sees it (431)."""
    parsed = urlsplit(url)
    if not parsed.scheme or "://" not in url:
        raise exceptions.invalid("scheme is null %s, add nfs:// (or cifs://) as a prefix" % url)
    needed, example = URL_FORMATS.get(parsed.scheme.lower(), ((), None))
    values = {"host": (parsed.hostname or "").strip(), "path": parsed.path.strip()}
    if any(not values[part] for part in needed):
        raise exceptions.invalid("host or path is null, should be %s" % example)
    return parsed


def add_data_store_failure(reason):
    """The provider's lifecycle refused: createPool wraps its error (530)."""
    return exceptions.internal("Failed to add data store: %s" % reason)


def check_pool_target(store, parsed, pool=None):
    """What the default provider's lifecycle refuses: an unknown type, an iSCSI URL without LUN, a path in use."""
    scheme = parsed.scheme.lower()
    if scheme not in POOL_SCHEMES and parsed.scheme not in POOL_TYPES:
        raise add_data_store_failure("No enum constant com.cloud.storage.Storage.StoragePoolType.%s" % parsed.scheme)
    if scheme == "iscsi" and not parsed.path.rstrip("/").rsplit("/", 1)[-1].isdigit():
        raise add_data_store_failure("iSCSI needs to have LUN number")
    path = parsed.path.replace("/", "", 1) if POOL_SCHEMES.get(scheme, (0, 0, False))[2] else parsed.path
    used = [p for p in store.all("storagepool")
            if p["ipaddress"] == parsed.hostname and p["path"] == path and p["id"] != (pool or {}).get("id")]
    if used and scheme != "sharedmountpoint":
        raise add_data_store_failure("Storage pool %s already in use by another pod (id=%s)" % (path, used[0]["podid"]))


def hosts_up(store, cluster=None, zone=None, hypervisor=None):
    hosts = store.find("host", clusterid=cluster["id"]) if cluster else store.find("host", zoneid=zone["id"])
    return [h for h in hosts if h.get("state") == "Up" and h.get("type", "Routing") == "Routing"
            and (hypervisor is None or h.get("hypervisor") == hypervisor)
            and (cluster or h.get("resourcestate") == "Enabled")]


def check_pool_access(store, scope, cluster, zone, hypervisor):
    """The pool is attached through the hosts that can reach it: an Up host of the cluster, or of the zone."""
    if scope == "CLUSTER" and not hosts_up(store, cluster=cluster):
        raise add_data_store_failure("No host up to associate a storage pool with in cluster %s" % cluster["id"])
    if scope == "ZONE" and not hosts_up(store, zone=zone, hypervisor=hypervisor):
        raise exceptions.internal("Failed to create storage pool as it is not accessible to hosts.")


@command("createStoragePool")
def create_storage_pool(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    provider = known_provider(params.get("provider"), PRIMARY_PROVIDERS) or "DefaultPrimary"
    scope = pool_scope(params)
    zone = ctx.lookup("zone", "zoneid")
    cluster, hypervisor = ctx.lookup("cluster", "clusterid"), None
    if scope == "ZONE":
        hypervisor, cluster = zone_wide_hypervisor(params), None  # zone wide: a given pod and cluster are ignored
    parsed = check_pool_url(params["url"])
    if scope == "CLUSTER" and not params.get("podid"):
        raise add_data_store_failure("Cluster id requires pod id")
    check_pool_target(store, parsed)
    check_pool_access(store, scope, cluster, zone, hypervisor)
    pool = make_storage_pool(store, cluster or {}, params["name"], params["url"], scope, params.get("tags"),
                             params.get("capacitybytes"), zone=zone, hypervisor=hypervisor or cluster["hypervisortype"],
                             provider=provider, capacityiops=params.get("capacityiops"),
                             managed=bool(params.get("managed")), istagarule=bool(params.get("istagarule")),
                             storageaccessgroups=params.get("storageaccessgroups"),
                             details=detail_map(params.get("details")) or None)
    return {"storagepool": view_pool(store, pool)}


def detail_map(entries):
    """A map parameter as CloudStack reads it: each entry a {key, value} pair or keys with their values."""
    details = {}
    for entry in entries or ():
        details.update({entry["key"]: entry["value"]} if sorted(entry) == ["key", "value"] else entry)
    return details


def known_provider(name, providers):
    """The provider of that name (case-insensitive), or None: CloudStack then takes its default one."""
    return next((p for p in providers if name and p.lower() == name.lower()), None)


@command("updateStoragePool")
def update_storage_pool(ctx, params):
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    if params.get("name", "").strip():
        pool["name"] = params["name"]
    if params.get("tags") is not None:
        pool["tags"] = ",".join(t.strip() for t in params["tags"] if t.strip()) or None
    for field in ("capacitybytes", "capacityiops"):
        if params.get(field) is not None:
            pool[field] = int(params[field])
    if params.get("capacitybytes") is not None:
        pool["disksizetotal"] = pool["capacitybytes"]
    if params.get("istagarule") is not None:
        pool["istagarule"] = params["istagarule"]
    if params.get("details"):
        pool["details"] = dict(pool.get("details") or {}, **detail_map(params["details"]))
    if params.get("url") is not None:
        change_pool_url(ctx.store, pool, params["url"])
    if params.get("enabled") is not None:
        set_enabled(pool, params["enabled"])
    ctx.store.put("storagepool", pool)
    return {"storagepool": view_pool(ctx.store, pool)}


def change_pool_url(store, pool, url):
    """updateStoragePool's url (4.19+) moves the pool to another host or path of the same type. The simulator's rules,
    after those CloudStack has for the pool's NFS mount options: only while the pool is in maintenance (no host uses
    it), checked as createStoragePool checks a URL (431), of the pool's type, not in use by another pool (530)."""
    if pool["state"] != "Maintenance":
        raise exceptions.invalid("The storage pool should be in maintenance mode to edit its url, id: %s, state: %s"
                                 % (pool["id"], pool["state"]))
    parsed = check_pool_url(url)
    pooltype, ipaddress, path = pool_location(url)
    if pooltype != pool["type"]:
        raise exceptions.invalid("The url of storage pool %s must be of its type %s, not %s"
                                 % (pool["id"], pool["type"], pooltype))
    check_pool_target(store, parsed, pool)
    pool.update(ipaddress=ipaddress, path=path, _url=url)


def set_enabled(pool, enabled):
    """Enable a Disabled pool or disable an Up one; any other state is refused."""
    current, wanted = ("Disabled", "Up") if enabled else ("Up", "Disabled")
    if pool["state"] != current:
        raise exceptions.invalid("Primary storage with id %s cannot be %s. Storage pool state : %s"
                                 % (pool["id"], "enabled" if enabled else "disabled", pool["state"]))
    pool["state"] = wanted


@command("enableStorageMaintenance")
def enable_storage_maintenance(ctx, params):
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    return Job("storage.maintain", {"id": pool["id"]}, "StoragePool", pool["id"])


@finisher("storage.maintain")
def finish_maintain(store, args):
    pool = store.get("storagepool", args["id"])
    if pool["state"] not in ("Up", "ErrorInMaintenance"):
        raise exceptions.invalid("Primary storage with id %s is not ready for migration, as the status is:%s"
                                 % (pool["id"], pool["state"]))
    pool["state"] = "Maintenance"
    store.put("storagepool", pool)
    return {"storagepool": view_pool(store, pool)}


@command("cancelStorageMaintenance")
def cancel_storage_maintenance(ctx, params):
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    return Job("storage.cancel_maintenance", {"id": pool["id"]}, "StoragePool", pool["id"])


@finisher("storage.cancel_maintenance")
def finish_cancel_maintenance(store, args):
    pool = store.get("storagepool", args["id"])
    if pool["state"] in ("Up", "PrepareForMaintenance", "Disabled"):
        raise exceptions.ApiError(exceptions.RESOURCE_UNAVAILABLE_ERROR,
                                  "Primary storage with id %s is not ready to complete migration, as the status is:%s"
                                  % (pool["id"], pool["state"]), exceptions.CS_RESOURCE_UNAVAILABLE)
    pool["state"] = "Up"
    store.put("storagepool", pool)
    return {"storagepool": view_pool(store, pool)}


@command("deleteStoragePool")
def delete_storage_pool(ctx, params):
    """Only a pool in maintenance goes; with volumes only when forced and all of them destroyed (expunged then)."""
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    if pool["state"] != "Maintenance":
        raise exceptions.invalid("Unable to delete storage due to it is not in Maintenance state, id: %s" % pool["id"])
    volumes = pool_volumes(ctx.store, pool)
    if volumes and not params.get("forced"):
        raise exceptions.internal("Cannot delete pool %s as there are associated volumes for this pool" % pool["name"])
    if any(not is_destroyed(v) for v in volumes):
        raise exceptions.internal("Cannot delete pool %s as there are associated non-destroyed vols for this pool"
                                  % pool["name"])
    for volume in volumes:
        ctx.store.delete("volume", volume["id"])
    ctx.store.delete("storagepool", pool["id"])
    return success()


def is_destroyed(volume):
    return volume.get("state") in ("Destroy", "Expunging", "Expunged") or bool(volume.get("destroyed"))


@command("listStorageProviders")
def list_storage_providers(ctx, params):
    ctx.require_root_admin()
    kinds = {"primary": PRIMARY_PROVIDERS, "image": tuple(IMAGE_PROVIDERS)}
    wanted = (params.get("type") or "").lower()
    if wanted not in kinds:
        raise exceptions.invalid("Invalid parameter, need to specify type: either primary or image")
    providers = [{"name": name, "type": wanted} for name in kinds[wanted]]
    return Listing(filter_common(ctx, providers, params))


# Secondary storage -------------------------------------------------------------------------------

@command("listImageStores")
def list_image_stores(ctx, params):
    ctx.require_root_admin()
    stores = ctx.store.all("imagestore")
    for field in ("protocol", "provider"):
        if params.get(field):
            key = "providername" if field == "provider" else field
            stores = [s for s in stores if (s.get(key) or "").lower() == params[field].lower()]
    if params.get("readonly") is not None:
        stores = [s for s in stores if s["readonly"] == params["readonly"]]
    return Listing(filter_common(ctx, stores, params), public)


def check_image_store(store, name, provider, zone):
    """StorageManagerImpl.discoverImageStore's checks: unique name, the provider's scope, one provider kind."""
    if store.first("imagestore", name=name):
        raise exceptions.invalid("The image store with name %s already exists, try creating with another name" % name)
    scope = "ZONE" if zone else "REGION"
    if IMAGE_PROVIDERS[provider] != scope:
        raise exceptions.invalid("Image store provider %s does not support scope %s" % (provider, scope))
    other = next((s for s in store.all("imagestore") if s["providername"].lower() != provider.lower()), None)
    if other:
        raise exceptions.invalid("You can only add new image stores from the same provider %s already added"
                                 % other["providername"])


def check_image_url(url, provider):
    """The NFS and SMB stores' lifecycle checks of the URL (their errors wrapped as 530)."""
    parsed = urlsplit(url or "")
    if provider not in ("NFS", "SMB"):
        return
    if not parsed.scheme:
        raise add_data_store_failure("scheme is null %s, add nfs:// (or cifs://) as a prefix" % url)
    if parsed.scheme.lower() in ("nfs", "cifs") and not (parsed.hostname and parsed.path):
        raise add_data_store_failure("Your host and/or path is wrong.  Make sure it's of the format %s://hostname/path"
                                     % parsed.scheme.lower())


@command("addImageStore")
def add_image_store(ctx, params):
    ctx.require_root_admin()
    provider = known_provider(params["provider"], IMAGE_PROVIDERS) or "NFS"
    zone = ctx.lookup("zone", "zoneid")
    name = params.get("name") or params.get("url")
    check_image_store(ctx.store, name, provider, zone)
    check_image_url(params.get("url"), provider)
    details = detail_map(params.get("details"))
    image = make_image_store(ctx.store, zone, params.get("url"), name, provider, details)
    if zone:
        seed_builtin_templates(ctx.store, image)
    return {"imagestore": public(image)}


@command("updateImageStore")
def update_image_store(ctx, params):
    ctx.require_root_admin()
    image = ctx.lookup("imagestore", "id")
    if params.get("name") and params["name"] != image["name"]:
        if ctx.store.first("imagestore", name=params["name"]):
            raise exceptions.invalid("The image store with name %s already exists, try creating with another name"
                                     % params["name"])
        image["name"] = params["name"]
    if params.get("readonly") is not None:
        image["readonly"] = params["readonly"]
    if params.get("capacitybytes") is not None:
        image["disksizetotal"] = int(params["capacitybytes"])
    ctx.store.put("imagestore", image)
    return {"imagestore": public(image)}


@command("deleteImageStore")
def delete_image_store(ctx, params):
    """Refused while it holds user templates: those of its zone when it is the zone's only store."""
    ctx.require_root_admin()
    image = ctx.lookup("imagestore", "id")
    if holds_templates(ctx.store, image):
        raise exceptions.invalid("Cannot delete image store with active templates backup!")
    ctx.store.delete("imagestore", image["id"])
    return success()


def holds_templates(store, image):
    if image["zoneid"] is None or len(store.find("imagestore", zoneid=image["zoneid"])) > 1:
        return False
    return any(t["templatetype"] not in ("BUILTIN", "SYSTEM") and image["zoneid"] in t.get("_zones", ())
               for t in store.all("template"))
