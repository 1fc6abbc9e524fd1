"""GPU cards, their vGPU profiles and the GPU devices of hosts (CloudStack 4.21's GPU framework, GpuServiceImpl):
listGpuCards, createGpuCard, updateGpuCard, deleteGpuCard, listVgpuProfiles, createVgpuProfile,
updateVgpuProfile, deleteVgpuProfile, listGpuDevices. A fresh database has no card: CloudStack creates them
when a host reports its GPUs (the sandbox's simulated hosts have none) or when an admin adds them."""
import re

from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, now, success

HEX_ID = re.compile(r"^[a-zA-Z0-9]+$")
CARD_FIELDS = ("deviceid", "devicename", "id", "name", "vendorid", "vendorname")
PROFILE_NUMBERS = ("videoram", "maxheads", "maxresolutionx", "maxresolutiony", "maxvgpuperphysicalgpu")


def card_view(card):
    return {k: card[k] for k in CARD_FIELDS}


def profile_view(store, profile):
    """VgpuProfileResponse: the profile with its card's names and ids."""
    card = store.get("gpucard", profile["gpucardid"])
    out = {k: v for k, v in profile.items() if k[0] != "_" and v is not None}
    out.update(gpucardname=card["name"], deviceid=card["deviceid"], devicename=card["devicename"],
               vendorid=card["vendorid"], vendorname=card["vendorname"])
    return out


def in_use(store, field, record_id):
    """GpuDeviceDao.isGpuCardInUse / isVgpuProfileInUse: a device of a host refers to it."""
    return store.first("gpudevice", **{field: record_id}) is not None


def blank(value):
    return value is None or not str(value).strip()


def make_profile(store, card, name, description, maxvgpuperphysicalgpu=None, **numbers):
    profile = {"id": new_id(), "name": name, "description": description, "gpucardid": card["id"],
               "maxvgpuperphysicalgpu": maxvgpuperphysicalgpu, "_created": now()}
    profile.update((k, numbers.get(k)) for k in PROFILE_NUMBERS if k != "maxvgpuperphysicalgpu")
    return store.put("vgpuprofile", profile)


# GPU cards -------------------------------------------------------------------------------------

@command("listGpuCards")
def list_gpu_cards(ctx, params):
    """GpuCardDao.searchAndCountGpuCards: exact vendor and device filters, keyword on the names; `activeonly`:
    the cards some host has."""
    cards = ctx.store.all("gpucard")
    for field in ("vendorid", "vendorname", "deviceid", "devicename"):
        if params.get(field):
            cards = [c for c in cards if c[field] == params[field]]
    if params.get("activeonly"):
        cards = [c for c in cards if in_use(ctx.store, "gpucardid", c["id"])]
    cards = filter_common(ctx, cards, params, keyword_fields=("name", "devicename", "vendorname"))
    return Listing(cards, card_view)


@command("createGpuCard")
def create_gpu_card(ctx, params):
    """GpuServiceImpl.createGpuCard: the card, and its `passthrough` profile (the whole GPU, one per GPU)."""
    ctx.require_root_admin()
    store = ctx.store
    for field, label in (("deviceid", "Device ID"), ("devicename", "Device name"), ("name", "Display name"),
                         ("vendorname", "Vendor name"), ("vendorid", "Vendor ID")):
        if blank(params.get(field)):
            raise exceptions.invalid("%s cannot be blank" % label)
        if field in ("deviceid", "vendorid") and not HEX_ID.match(params[field]):
            raise exceptions.invalid("%s must be alphanumeric and in hexadecimal format" % label)
    if store.first("gpucard", vendorid=params["vendorid"], deviceid=params["deviceid"]):
        raise exceptions.invalid("GPU card with vendor ID %s and device ID %s already exists"
                                 % (params["vendorid"], params["deviceid"]))
    card = store.put("gpucard", {"id": new_id(), "created": now(),
                                 **{k: params[k] for k in ("deviceid", "devicename", "name", "vendorid", "vendorname")}})
    make_profile(store, card, "passthrough", "passthrough", 1, videoram=params.get("videoram"))
    return {"gpucard": card_view(card)}


@command("updateGpuCard")
def update_gpu_card(ctx, params):
    ctx.require_root_admin()
    card = ctx.lookup("gpucard", "id")
    card.update((k, params[k]) for k in ("devicename", "name", "vendorname") if params.get(k) is not None)
    ctx.store.put("gpucard", card)
    return {"gpucard": card_view(card)}


@command("deleteGpuCard")
def delete_gpu_card(ctx, params):
    """The card and its profiles, unless a host's device is one of it."""
    ctx.require_root_admin()
    store = ctx.store
    card = ctx.lookup("gpucard", "id")
    if in_use(store, "gpucardid", card["id"]):
        raise exceptions.invalid("Cannot delete GPU card %s as it is in use by one or more GPU devices" % card_label(card))
    for profile in store.find("vgpuprofile", gpucardid=card["id"]):
        refuse_referenced(store, profile)
        store.delete("vgpuprofile", profile["id"])
    store.delete("gpucard", card["id"])
    return success()


def card_label(card):
    """GpuCardVO.toString."""
    return 'GpuCard {"id": "%s", "name": "%s", "vendorId": "%s", "deviceId": "%s"}' % (
        card["id"], card["name"], card["vendorid"], card["deviceid"])


def refuse_referenced(store, profile):
    """service_offering.vgpu_profile_id is a foreign key without cascade: a profile an offering names stays."""
    if store.first("serviceoffering", vgpuprofileid=profile["id"]):
        raise exceptions.internal("DB Exception on: Cannot delete or update a parent row: a foreign key constraint "
                                  "fails (fk_service_offering__vgpu_profile_id)")


# vGPU profiles ---------------------------------------------------------------------------------

@command("listVgpuProfiles")
def list_vgpu_profiles(ctx, params):
    profiles = ctx.store.all("vgpuprofile")
    if params.get("gpucardid"):
        profiles = [p for p in profiles if p["gpucardid"] == params["gpucardid"]]
    if params.get("activeonly"):
        profiles = [p for p in profiles if in_use(ctx.store, "vgpuprofileid", p["id"])]
    profiles = filter_common(ctx, profiles, params, keyword_fields=("name", "description"))
    return Listing(profiles, lambda profile: profile_view(ctx.store, profile))


def check_profile_name(store, name, card, profile_id=None):
    """A card's profiles have unique names (UNIQUE KEY (name, card_id))."""
    existing = store.first("vgpuprofile", name=name, gpucardid=card["id"])
    if existing and existing["id"] != profile_id:
        raise exceptions.invalid("vGPU profile with name %s already exists" % name)


@command("createVgpuProfile")
def create_vgpu_profile(ctx, params):
    ctx.require_root_admin()
    if blank(params.get("name")):
        raise exceptions.invalid("vGPU profile name cannot be empty")
    card = ctx.lookup("gpucard", "gpucardid")
    check_profile_name(ctx.store, params["name"], card)
    profile = make_profile(ctx.store, card, params["name"], params.get("description"),
                           **{k: params.get(k) for k in PROFILE_NUMBERS})
    return {"vgpuprofile": profile_view(ctx.store, profile)}


@command("updateVgpuProfile")
def update_vgpu_profile(ctx, params):
    ctx.require_root_admin()
    profile = ctx.lookup("vgpuprofile", "id")
    if params.get("name") is not None and params["name"] != profile["name"]:
        check_profile_name(ctx.store, params["name"], ctx.store.get("gpucard", profile["gpucardid"]), profile["id"])
    profile.update((k, params[k]) for k in ("name", "description") + PROFILE_NUMBERS if params.get(k) is not None)
    ctx.store.put("vgpuprofile", profile)
    return {"vgpuprofile": profile_view(ctx.store, profile)}


@command("deleteVgpuProfile")
def delete_vgpu_profile(ctx, params):
    ctx.require_root_admin()
    profile = ctx.lookup("vgpuprofile", "id")
    if in_use(ctx.store, "vgpuprofileid", profile["id"]):
        raise exceptions.invalid("Cannot delete vGPU profile with ID %s as it is in use by one or more GPU devices"
                                 % profile["id"])
    refuse_referenced(ctx.store, profile)
    ctx.store.delete("vgpuprofile", profile["id"])
    return success()


# GPU devices -----------------------------------------------------------------------------------

@command("listGpuDevices")
def list_gpu_devices(ctx, params):
    """The devices of hosts; a user sees those of its own instances only."""
    devices = ctx.store.all("gpudevice")
    for field in ("gpucardid", "hostid", "vgpuprofileid", "virtualmachineid"):
        if params.get(field):
            devices = [d for d in devices if d.get(field) == params[field]]
    if not ctx.is_root_admin:
        mine = {vm["id"] for vm in ctx.store.find("virtualmachine", _accountid=ctx.account["id"])}
        devices = [d for d in devices if d.get("virtualmachineid") in mine]
    devices = filter_common(ctx, devices, dict(params, name=None), keyword_fields=("busaddress",))
    return Listing(devices, lambda device: {k: v for k, v in device.items() if k[0] != "_" and v is not None})
