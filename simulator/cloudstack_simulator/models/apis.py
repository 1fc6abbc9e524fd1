"""listApis and listCapabilities: what the management server offers."""
from .. import exceptions
from ..registry import HANDLERS, Listing, command
from .roles import allows

VERSION = "4.22.1.0"


def api_entry(name, spec):
    params = [{"name": p, "type": v["type"], "required": v["required"], "description": "", "length": 255,
               "since": None, "related": ""} for p, v in sorted(spec["params"].items())]
    response = [{"name": r, "type": "string", "description": ""} for r in spec["response"]]
    return {"name": name, "isasync": spec["isasync"], "description": "", "since": None, "related": "",
            "params": params, "response": response, "type": "%sresponse" % name.lower()}


@command("listApis")
def list_apis(ctx, params):
    """The commands the simulator implements that the caller's role allows, described from the catalogue."""
    commands = ctx.sim.catalogue.commands
    names = sorted(n for n in HANDLERS if n in commands and allows(ctx.store, ctx.account, n))
    if params.get("name"):  # an exact name, as ApiDiscoveryServiceImpl's map holds them; else no response at all
        names = [n for n in names if n == params["name"]]
        if not names:
            raise exceptions.internal("Api Discovery plugin was unable to find an api by that name or process any apis")
    return Listing(names, lambda n: api_entry(n, commands[n]))


@command("listCapabilities")
def list_capabilities(ctx, params):
    return {"capability": {
        "cloudstackversion": VERSION, "securitygroupsenabled": any(
            z["securitygroupsenabled"] for z in ctx.store.all("zone")),
        "userpublictemplateenabled": ctx.setting_true("allow.public.user.templates"),
        "supportELB": "false", "projectinviterequired": False, "allowusercreateprojects":
            ctx.setting_true("allow.user.create.projects"), "customdiskofferingminsize": 1,
        "customdiskofferingmaxsize": 1024, "kvmsnapshotenabled": ctx.setting_true("kvm.snapshot.enabled"),
        "regionsecondaryenabled": False, "apilimitinterval": 1, "apilimitmax": 25,
        "allowuserviewdestroyedvm": True, "allowuserexpungerecovervm": True, "allowuserexpungerecovervolume": True,
        "allowuserviewalldomainaccounts": False, "dynamicrolesenabled": True, "kubernetesserviceenabled": False,
        "kubernetesclusterexperimentalfeaturesenabled": False, "defaultuipagesize": 20,
        "instancesstatsretentiontime": 720, "instancesstatsuseronly": False, "instancesdisksstatsretentionenabled": False,
        "instancesdisksstatsretentiontime": 720, "sharedfsvmmincpucount": 2, "sharedfsvmminramsize": 1024,
        "extensionspath": "/usr/share/cloudstack-management/extensions", "dynamicscalingenabled":
            ctx.setting_true("enable.dynamic.scale.vm"),
    }}
