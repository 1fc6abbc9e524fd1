"""Primary storage pools and secondary (image) stores."""
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, now, public, success
from .templates import seed_builtin_templates


def make_storage_pool(store, cluster, name, url, scope="CLUSTER", tags=None, capacitybytes=None):
    parsed = urlsplit(url)
    pool = {"id": new_id(), "name": name, "zoneid": cluster["zoneid"], "zonename": cluster["zonename"],
            "podid": cluster["podid"] if scope == "CLUSTER" else None,
            "podname": cluster["podname"] if scope == "CLUSTER" else None,
            "clusterid": cluster["id"] if scope == "CLUSTER" else None,
            "clustername": cluster["name"] if scope == "CLUSTER" else None,
            "type": "NetworkFilesystem" if parsed.scheme == "nfs" else parsed.scheme.capitalize(),
            "ipaddress": parsed.hostname, "path": parsed.path, "state": "Up", "scope": scope,
            "disksizetotal": capacitybytes or 1099511627776 * 2, "disksizeallocated": 0, "disksizeused": 0,
            "created": now(), "hypervisor": cluster["hypervisortype"], "provider": "DefaultPrimary",
            "tags": tags, "managed": False, "overprovisionfactor": "2.0", "istagarule": False,
            "storagecapabilities": {"VOLUME_SNAPSHOT_QUIESCEVM": "false"}, "hasannotations": False,
            "_url": url}
    return store.put("storagepool", pool)


def make_image_store(store, zone, url, name=None, provider="NFS"):
    parsed = urlsplit(url)
    image = {"id": new_id(), "name": name or url, "url": url, "protocol": parsed.scheme or "nfs",
             "providername": provider, "scope": "ZONE", "zoneid": zone["id"], "zonename": zone["name"],
             "readonly": False, "disksizetotal": 1099511627776 * 2, "disksizeused": 0, "hasannotations": False}
    return store.put("imagestore", image)


@command("listStoragePools")
def list_storage_pools(ctx, params):
    ctx.require_root_admin()
    pools = ctx.store.all("storagepool")
    for field in ("podid", "clusterid", "ipaddress", "path", "scope", "status"):
        if params.get(field):
            key = "state" if field == "status" else field
            pools = [p for p in pools if (p.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, pools, params), public)


@command("createStoragePool")
def create_storage_pool(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    scope = (params.get("scope") or "CLUSTER").upper()
    cluster = ctx.lookup("cluster", "clusterid")
    if scope == "CLUSTER":
        if cluster is None or not params.get("podid"):
            raise exceptions.invalid("Cluster id requires pod id")
    elif scope == "ZONE":
        cluster = cluster or store.first("cluster", zoneid=zone["id"])
        if params.get("hypervisor") is None:
            raise exceptions.invalid("hypervisor type is required for zone wide primary storage")
        if cluster is None:
            raise exceptions.invalid("Zone %s has no cluster to attach the storage to" % zone["name"])
    else:
        raise exceptions.invalid("Invalid scope %s; it should be CLUSTER, ZONE or HOST" % params["scope"])
    if store.first("storagepool", name=params["name"], zoneid=zone["id"]):
        raise exceptions.invalid("Storage pool %s already exists in zone %s" % (params["name"], zone["name"]))
    if "://" not in params["url"]:
        raise exceptions.invalid("%s is not a valid uri" % params["url"])
    pool = make_storage_pool(store, cluster, params["name"], params["url"], scope, params.get("tags"),
                             params.get("capacitybytes"))
    if params.get("provider"):
        pool["provider"] = params["provider"]
        store.put("storagepool", pool)
    return {"storagepool": public(pool)}


@command("deleteStoragePool")
def delete_storage_pool(ctx, params):
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    if any(v.get("_poolid") == pool["id"] for v in ctx.store.all("virtualmachine")) and not params.get("forced"):
        raise exceptions.in_use("Cannot delete pool %s as there are associated non-destroyed vols for this pool"
                                % pool["name"])
    ctx.store.delete("storagepool", pool["id"])
    return success()


@command("listImageStores")
def list_image_stores(ctx, params):
    ctx.require_root_admin()
    stores = ctx.store.all("imagestore")
    for field in ("protocol", "provider"):
        if params.get(field):
            key = "providername" if field == "provider" else field
            stores = [s for s in stores if (s.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, stores, params), public)


@command("addImageStore")
def add_image_store(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    if zone is None:
        raise exceptions.invalid("Secondary storage (NFS) must be added to a zone: zoneid is required")
    if not params.get("url"):
        raise exceptions.invalid("url is required for the %s provider" % params["provider"])
    image = make_image_store(ctx.store, zone, params["url"], params.get("name"), params["provider"])
    seed_builtin_templates(ctx.store, image)
    return {"imagestore": public(image)}


@command("deleteImageStore")
def delete_image_store(ctx, params):
    ctx.require_root_admin()
    image = ctx.lookup("imagestore", "id")
    ctx.store.delete("imagestore", image["id"])
    return success()
