"""Templates and ISOs (one list entry per zone, as CloudStack lists them; who sees which is their templatefilter or
isofilter)."""
import time

from .. import exceptions
from ..registry import Job, command, finisher
from . import limits
from .common import hypervisor_name, new_id, now, success
from .resource import Resource

FILTERS = ("featured", "self", "selfexecutable", "sharedexecutable", "executable", "community", "all")
FORMATS = ("QCOW2", "RAW", "VHD", "VHDX", "OVA", "VMDK", "BAREMETAL", "TAR", "ISO")
DOWNLOAD_TIME = 0.5  # seconds a registered template is Downloading before it is ready (the SSVM's work)


def template_fields(name, displaytext, ostype, owner, zones, hypervisor="Simulator", templatetype="BUILTIN",
                    ispublic=True, isfeatured=True, size=2 * 1024 ** 3, passwordenabled=False, **extra):
    """A template's fields: CloudStack's defaults, then the given ones."""
    return dict({"name": name, "displaytext": displaytext, "ostypeid": ostype["id"], "ostypename": ostype["description"],
                 "hypervisor": hypervisor, "format": "VHD", "templatetype": templatetype, "ispublic": ispublic,
                 "isfeatured": isfeatured, "isextractable": False, "isready": True, "status": "Download Complete",
                 "size": size, "physicalsize": size, "passwordenabled": passwordenabled, "sshkeyenabled": False,
                 "isdynamicallyscalable": False, "bootable": True, "requireshvm": True, "crossZones": False,
                 "directdownload": False, "deployasis": False, "forcks": False, "arch": "x86_64", "created": now(),
                 "hasannotations": False, "checksum": "{SHA-1}" + new_id().replace("-", "")[:32], "details": {},
                 "account": owner["name"], "accountid": owner["id"], "_zones": [z["id"] for z in zones]}, **extra)


def make_template(store, name, displaytext, ostype, owner, zones, **fields):
    return TEMPLATES.insert(store, template_fields(name, displaytext, ostype, owner, zones, **fields), owner)


def seed_builtin_templates(store, image_store):
    """A new secondary store gets the built-in templates (CloudStack's SSVM downloads them)."""
    for template in store.all("template"):
        if template["templatetype"] == "BUILTIN" and image_store["zoneid"] not in template["_zones"]:
            template["_zones"].append(image_store["zoneid"])
            store.put("template", template)


def refresh_download(store, template, kind="template"):
    """A registered template or ISO is being downloaded (a created template made) for a moment, then ready in its
    zones."""
    if not template["isready"] and template.get("_ready_at", 0) <= time.time():
        template.update(isready=True, status="Download Complete" if kind == "template" else "Successfully Installed")
        store.put(kind, template)
    return template


def image_scope(filter_param, media, default=None):
    """The templatefilter or isofilter of a listing: which templates or ISOs it shows."""
    def scope(ctx, images, params):
        kind = (params.get(filter_param) or default).lower()
        if kind not in FILTERS:
            raise exceptions.invalid("Please specify a valid %s filter: one of %s" % (media, ", ".join(FILTERS)))
        own = {ctx.lookup("project", "projectid")["_accountid"]} if params.get("projectid") else {ctx.account["id"]}
        return filter_images(ctx, images, kind, own)
    return scope


def filter_images(ctx, images, kind, own):
    """CloudStack's templatefilter/isofilter: which templates or ISOs a listing shows."""
    if kind == "featured":
        return [t for t in images if t["isfeatured"] and t["ispublic"]]
    if kind in ("self", "selfexecutable"):
        return [t for t in images if t["_accountid"] in own]
    if kind == "sharedexecutable":
        return []
    if kind == "executable":
        return [t for t in images if t["_accountid"] in own or t["ispublic"]]
    if kind == "community":
        return [t for t in images if t["ispublic"] and not t["isfeatured"] and t["_accountid"] not in own]
    if not ctx.is_root_admin:
        return [t for t in images if t["_accountid"] in own or t["ispublic"]]
    return images


def ready_only(ctx, images, params):
    """isready=true lists only the ready ones; false lists them all, as CloudStack's onlyReady."""
    return [i for i in images if i["isready"]] if params.get("isready") else images


TEMPLATES = Resource("template", "template", "listTemplates", keyword_fields=("name", "displaytext"), tagged=True,
                     text_filters={"hypervisor": "hypervisor", "templatetype": "templatetype", "arch": "arch"},
                     narrow=ready_only, refresh=refresh_download, scope=image_scope("templatefilter", "template"),
                     zoned=True, jobtype="Template")
ISOS = Resource("iso", "iso", "listIsos", filters=("bootable", "ispublic"), keyword_fields=("name", "displaytext"),
                tagged=True, narrow=ready_only, refresh=lambda store, iso: refresh_download(store, iso, "iso"),
                scope=image_scope("isofilter", "iso", default="selfexecutable"), zoned=True, jobtype="Iso")


def refuse_public(ctx, params, text):
    if (params.get("ispublic") or params.get("isfeatured")) and not ctx.is_root_admin and \
            not ctx.setting_true("allow.public.user.templates"):
        raise exceptions.permission_denied(text)


def given_details(params):
    details = {}
    for entry in params.get("details") or []:
        details.update(entry)
    return details


@ISOS.create_command("registerIso")
def registered_iso(ctx, params, account, project):
    """Downloading from its URL into its zone (every zone with zoneid -1) for a moment."""
    zones = ctx.store.all("zone") if params["zoneid"] == "-1" else [ctx.lookup("zone", "zoneid")]
    if not params["url"].lower().startswith(("http://", "https://")) or not params["url"].lower().endswith(".iso"):
        raise exceptions.invalid("Please specify a valid URL. URL:%s is an invalid for ISO format" % params["url"])
    refuse_public(ctx, params, "Only private ISOs can be created.")
    limits.charge(ctx.store, account, "template")
    ostype = ctx.lookup("ostype", "ostypeid") or ctx.store.first("ostype", description="Other (64-bit)")
    return {"name": params["name"], "displaytext": params["displaytext"], "ostypeid": ostype["id"],
            "ostypename": ostype["description"], "format": "ISO", "bootable": params.get("bootable", True),
            "ispublic": params.get("ispublic", False), "isfeatured": params.get("isfeatured", False),
            "isextractable": params.get("isextractable", False), "isready": False, "status": "Downloading",
            "_ready_at": time.time() + DOWNLOAD_TIME, "size": 0, "url": params["url"], "checksum": params.get("checksum"),
            "crossZones": params["zoneid"] == "-1", "directdownload": params.get("directdownload", False),
            "passwordenabled": False, "isdynamicallyscalable": params.get("isdynamicallyscalable", False),
            "arch": params.get("arch") or "x86_64", "templatetype": "USER", "created": now(), "hasannotations": False,
            "details": {}, "accountid": account["id"], "_zones": [z["id"] for z in zones]}


def image_zones(ctx, params):
    if params.get("zoneids"):
        return [ctx.lookup("zone", "zoneids", z) for z in params["zoneids"]]
    if params.get("zoneid") and params["zoneid"] != "-1":
        return [ctx.lookup("zone", "zoneid")]
    return ctx.store.all("zone")


@TEMPLATES.create_command("registerTemplate", duplicate="A template with name {name} already exists for this account")
def registered_template(ctx, params, account, project):
    """Downloading from its URL into its zones (zoneids, zoneid, or every zone with -1) for a moment."""
    hypervisor = hypervisor_name(params["hypervisor"])
    if params["format"].upper() not in FORMATS:
        raise exceptions.invalid("Image format: %s is incorrect. Supported formats are %s"
                                 % (params["format"], ", ".join(FORMATS)))
    if not params["url"].lower().startswith(("http://", "https://")):
        raise exceptions.invalid("Unsupported scheme for url: %s" % params["url"])
    refuse_public(ctx, params, "Only private templates/ISO can be created.")
    limits.charge(ctx.store, account, "template")
    zones = image_zones(ctx, params)
    ostype = ctx.lookup("ostype", "ostypeid") or ctx.store.first("ostype", description="Other (64-bit)")
    return template_fields(params["name"], params["displaytext"], ostype, account, zones, hypervisor,
                           params.get("templatetype") or "USER", params.get("ispublic", False),
                           params.get("isfeatured", False), size=0, passwordenabled=params.get("passwordenabled", False),
                           format=params["format"].upper(), url=params["url"], isready=False, status="Downloading",
                           sshkeyenabled=params.get("sshkeyenabled", False),
                           isextractable=params.get("isextractable", False),
                           isdynamicallyscalable=params.get("isdynamicallyscalable", False),
                           checksum=params.get("checksum"), templatetag=params.get("templatetag"),
                           crossZones=params.get("zoneid") == "-1", details=given_details(params),
                           arch=params.get("arch") or "x86_64", _ready_at=time.time() + DOWNLOAD_TIME)


@TEMPLATES.create_command("createTemplate")
def created_template(ctx, params, account, project):
    """A private template from a volume (its instance stopped) or from a backed-up snapshot (TemplateManagerImpl
    .createPrivateTemplateRecord, in its order and words); Ready in the source's zone once the job completes."""
    store = ctx.store
    if params.get("ispublic") and not ctx.is_root_admin and not ctx.setting_true("allow.public.user.templates"):
        raise exceptions.permission_denied("Failed to create template %s, only private templates can be created."
                                           % params["name"])
    if not params.get("volumeid") and not params.get("snapshotid"):
        raise exceptions.invalid("Failed to create private template record, neither volume ID nor snapshot ID were "
                                 "specified.")
    if params.get("volumeid") and params.get("snapshotid"):
        raise exceptions.invalid("Failed to create private template record, please specify only one of volume ID (%s) "
                                 "and snapshot ID (%s)" % (params["volumeid"], params["snapshotid"]))
    snapshot = ctx.lookup("snapshot", "snapshotid")
    if snapshot is not None:
        ctx.check_owner(snapshot)
        if snapshot["state"] != "BackedUp":
            raise exceptions.invalid("Snapshot id=%s is not in BackedUp state yet and can't be used for template "
                                     "creation" % snapshot["id"])
        volume = store.get("volume", snapshot["volumeid"]) or {}
        hypervisor, size, zoneid = snapshot.get("_hypervisor", "Simulator"), snapshot["virtualsize"], snapshot["zoneid"]
    else:
        volume = ctx.lookup("volume", "volumeid")
        ctx.check_owner(volume)
        vm = store.get("virtualmachine", volume["_vm"]) if volume.get("_vm") else None
        if vm is not None and vm["state"] != "Stopped":
            raise exceptions.internal("Unable to create private template for volume: %s; volume is attached to a "
                                      "non-stopped VM, please stop the VM first" % volume["name"])
        hypervisor, size, zoneid = volume["hypervisor"], volume["size"], volume["zoneid"]
    limits.charge(store, account, "template")
    source = store.get("template", volume.get("templateid")) if volume.get("templateid") else None
    return template_fields(params["name"], params["displaytext"], ctx.lookup("ostype", "ostypeid"), account,
                           [store.get("zone", zoneid)], hypervisor, "USER", params.get("ispublic", False),
                           bool(params.get("isfeatured")) and ctx.is_root_admin, size=size,
                           passwordenabled=params.get("passwordenabled", False), format="RAW", isready=False,
                           status="Creating", _ready_at=time.time() + ctx.sim.jobs.latency,
                           requireshvm=params.get("requireshvm", True), sshkeyenabled=params.get("sshkeyenabled", False),
                           isextractable=bool(source and source["isextractable"] and source["templatetype"] != "SYSTEM"),
                           isdynamicallyscalable=params.get("isdynamicallyscalable", False),
                           templatetag=params.get("templatetag"), details=given_details(params), checksum=None,
                           sourcetemplateid=source and source["id"], arch=params.get("arch") or "x86_64")


IMAGE_FIELDS = ("name", "displaytext", "passwordenabled", "sshkeyenabled", "isdynamicallyscalable", "bootable",
                "requireshvm", "arch")


def image_changes(ctx, params, image):
    """updateTemplate and updateIso (TemplateManagerImpl.updateTemplateOrIso): besides the fields given, the format,
    the OS type and the details."""
    changes = {"details": {} if params.get("cleanupdetails") else image["details"]}
    changes["details"].update(given_details(params))
    if params.get("format"):
        changes["format"] = params["format"].upper()
    if params.get("ostypeid"):
        ostype = ctx.lookup("ostype", "ostypeid")
        changes.update(ostypeid=ostype["id"], ostypename=ostype["description"])
    return changes


TEMPLATES.update_command("updateTemplate", IMAGE_FIELDS + ("templatetag",), changes=image_changes)
ISOS.update_command("updateIso", IMAGE_FIELDS, changes=image_changes)


def refuse_template_delete(ctx, template):
    if template["templatetype"] in ("SYSTEM", "BUILTIN") and not ctx.is_root_admin:
        raise exceptions.permission_denied("Only root admin can delete a %s template" % template["templatetype"])
    users = [v["name"] for v in ctx.store.all("virtualmachine") if v["templateid"] == template["id"]
             and ctx.params.get("zoneid") in (None, v["zoneid"])]
    if users and not ctx.params.get("forced"):
        raise exceptions.in_use("Unable to delete template %s: it is used by instances %s"
                                % (template["name"], ", ".join(sorted(users)[:5])))


def refuse_iso_delete(ctx, iso):
    if any(v.get("isoid") == iso["id"] for v in ctx.store.all("virtualmachine")):
        raise exceptions.in_use("Unable to delete iso, as it's used by other vms")


TEMPLATES.delete_command("deleteTemplate", refuse=refuse_template_delete)
ISOS.delete_command("deleteIso", refuse=refuse_iso_delete)


EXTRACT_MODES = ("HTTP_DOWNLOAD", "FTP_UPLOAD")


@command("extractTemplate")
def extract_template(ctx, params):
    """A download URL for a template on the zone's secondary storage (TemplateManagerImpl.extract)."""
    template = ctx.lookup("template", "id")
    ctx.check_owner(template)
    zone = ctx.lookup("zone", "zoneid")
    if template["templatetype"] == "SYSTEM":
        raise exceptions.invalid("Unable to extract the template %s as it is a default System template"
                                 % template["name"])
    if not template["isextractable"] and not ctx.is_root_admin:
        raise exceptions.invalid("Unable to extract template id=%s as it's not extractable" % template["id"])
    if params["mode"].upper() not in EXTRACT_MODES:
        raise exceptions.invalid("Please specify a valid extract Mode. Supported modes: %s" % ", ".join(EXTRACT_MODES))
    if params["mode"].upper() == "FTP_UPLOAD" and not params.get("url"):
        raise exceptions.invalid("Please specify a valid URL for the FTP upload")
    zones = [z for z in TEMPLATES.zones(ctx.store, refresh_download(ctx.store, template)) if zone is None or z == zone]
    if not zones or not template["isready"]:
        raise exceptions.invalid("The template %s is not yet ready on secondary storage%s" % (
            template["name"], " of zone %s" % zone["name"] if zone else ""))
    return Job("templates.extract", {"id": template["id"], "zoneid": zones[0]["id"], "mode": params["mode"].upper(),
                                     "url": params.get("url")}, "Template", template["id"])


@finisher("templates.extract")
def finish_extract_template(store, args):
    template, zone = store.get("template", args["id"]), store.get("zone", args["zoneid"])
    image = store.first("imagestore", zoneid=zone["id"])
    host = (image or {}).get("url", "").split("/")[2] if "//" in (image or {}).get("url", "") else "secondary"
    url = args["url"] or "http://%s/userdata/%s.%s" % (host, new_id(), template["format"].lower())
    return {"template": {"id": template["id"], "name": template["name"], "extractId": new_id(),
                         "extractMode": args["mode"], "state": "DOWNLOAD_URL_CREATED", "status": "",
                         "uploadpercentage": 100, "url": url, "zoneid": zone["id"], "zonename": zone["name"],
                         "accountid": template["_accountid"], "created": now()}}


def update_permissions(ctx, params, kind):
    """updateTemplatePermissions/updateIsoPermissions (TemplateManagerImpl.updateTemplateOrIsoPermissions): who
    sees the image (public, featured) and whether it may be extracted; sharing with accounts or projects (`op`) is
    not modelled."""
    image = ctx.lookup(kind, "id")
    ctx.check_owner(image)
    media = "template" if kind == "template" else "ISO"
    if image["templatetype"] in ("SYSTEM", "BUILTIN") and not ctx.is_root_admin:
        raise exceptions.invalid("unable to update permissions for %s with id %s" % (media, image["id"]))
    if params.get("accounts") or params.get("projectids") or params.get("op"):
        raise exceptions.invalid("Sharing a %s with accounts or projects is not supported by the simulator" % media)
    if params.get("isextractable") is not None and not ctx.is_root_admin:
        raise exceptions.invalid("Only ROOT admins are allowed to modify isExtractable attribute.")
    if params.get("isfeatured") and not ctx.is_root_admin:
        raise exceptions.permission_denied("Only ROOT admins are allowed to feature a %s" % media)
    if params.get("ispublic") and not ctx.is_root_admin and not ctx.setting_true("allow.public.user.templates"):
        raise exceptions.invalid("Only private %ss can be created." % media)
    for field in ("ispublic", "isfeatured", "isextractable"):
        if params.get(field) is not None:
            image[field] = params[field]
    ctx.store.put(kind, image)
    return success()


@command("updateTemplatePermissions")
def update_template_permissions(ctx, params):
    return update_permissions(ctx, params, "template")


@command("updateIsoPermissions")
def update_iso_permissions(ctx, params):
    return update_permissions(ctx, params, "iso")
