"""Settings (listConfigurations, updateConfiguration, resetConfiguration): a global value, and for a setting of
a narrower scope (ConfigKey.Scope: Zone, Cluster, StoragePool, Account, Domain, ImageStore) a value per resource."""
import json
import os

from .. import exceptions
from ..catalogue import DATA_DIR
from ..registry import Listing, command
from .capacity import OVERCOMMIT_FIELDS
from .common import filter_common


def make_configuration(store, name, value, category="Advanced", kind="String", description="", scope=("Global",)):
    """`scope`: the setting's ConfigKey scopes (a name or a list of names)."""
    record = {"id": name, "name": name, "value": value, "defaultvalue": value, "category": category,
              "type": kind, "description": description, "isdynamic": True, "component": "management-server",
              "group": "Miscellaneous", "subgroup": "Others", "displaytext": name,
              "_scopes": [scope] if isinstance(scope, str) else list(scope)}
    return store.put("configuration", record)


def make_defaults(store):
    """Every setting of a fresh database with its default (data/configurations.json)."""
    with open(os.path.join(DATA_DIR, "configurations.json")) as f:
        for setting in json.load(f)["configurations"]:
            make_configuration(store, setting["name"], setting["value"], setting["category"], setting["type"],
                               setting["description"], setting["scope"])


def view(record):
    """A setting as listConfigurations shows it: a setting without a value has no `value` field."""
    return {k: v for k, v in record.items() if k != "id" and not k.startswith("_") and v is not None}


# The scope parameter -> (ConfigKey.Scope, the scope's name in responses).
SCOPES = {"zoneid": ("Zone", "zone"), "clusterid": ("Cluster", "cluster"), "storageid": ("StoragePool", "storagepool"),
          "accountid": ("Account", "account"), "domainid": ("Domain", "domain"),
          "imagestoreuuid": ("ImageStore", "imagestore")}


def scope_of(params):
    """(ConfigKey.Scope, response name, id) of a scoped listConfigurations/updateConfiguration, or (None, None, None);
    CloudStack takes one id."""
    given = [param for param in SCOPES if params.get(param)]
    if len(given) > 1:
        raise exceptions.invalid("cannot handle multiple IDs, provide only one ID corresponding to the scope")
    for param in given:
        return SCOPES[param] + (params[param],)
    return None, None, None


def has_scope(record, scope):
    return scope in record.get("_scopes", ("Global",))


@command("listConfigurations")
def list_configurations(ctx, params):
    ctx.require_root_admin()
    records = sorted(ctx.store.all("configuration"), key=lambda r: r["name"])
    if params.get("category"):
        records = [r for r in records if r["category"].lower() == params["category"].lower()]
    if params.get("name"):
        word = params["name"].lower()
        records = [r for r in records if word in r["name"].lower()]
    records = filter_common(ctx, records, dict(params, name=None, zoneid=None), keyword_fields=("name",))
    scope, scope_name, scope_id = scope_of(params)
    if scope is None:
        return Listing(records, view)
    # ManagementServerImpl.searchForConfigurations: with a scope id, only the settings of that scope.
    records = [r for r in records if has_scope(r, scope)]
    return Listing(records, lambda r: dict(view(r), scope=scope_name, id=scope_id,
                                           value=r.get("_scoped", {}).get(scope_id, r["value"])))


def check_value(name, kind, value):
    if kind in ("Integer", "Long"):
        try:
            int(value)
        except ValueError:
            raise exceptions.invalid("Configuration %s must be an integer, not %s" % (name, value)) from None
    elif kind in ("Float", "Double"):
        try:
            float(value)
        except ValueError:
            raise exceptions.invalid("Configuration %s must be a number, not %s" % (name, value)) from None
    elif kind == "Boolean" and value.lower() not in ("true", "false"):
        raise exceptions.invalid("Configuration %s must be either true or false" % name)


@command("updateConfiguration")
def update_configuration(ctx, params):
    ctx.require_root_admin()
    record = ctx.store.first("configuration", name=params["name"])
    if record is None:
        raise exceptions.invalid("Config parameter with name %s doesn't exist" % params["name"])
    value = params.get("value")
    if value is None:
        value = record["defaultvalue"]
    scope, scope_name, scope_id = scope_of(params)
    if scope and not has_scope(record, scope):
        # ConfigurationManagerImpl.validateConfigurationValue
        raise exceptions.invalid("Invalid scope id provided for the parameter %s" % record["name"])
    check_value(record["name"], record["type"], value)
    if scope:
        record.setdefault("_scoped", {})[scope_id] = value
        if scope == "Cluster" and record["name"] in OVERCOMMIT_FIELDS:
            cluster = ctx.store.get("cluster", scope_id)
            cluster[OVERCOMMIT_FIELDS[record["name"]]] = str(float(value))
            ctx.store.put("cluster", cluster)
        out = dict(view(record), value=value, scope=scope_name, id=scope_id)
    else:
        record["value"] = value
        out = view(record)
    ctx.store.put("configuration", record)
    return {"configuration": out}


@command("resetConfiguration")
def reset_configuration(ctx, params):
    ctx.require_root_admin()
    record = ctx.store.first("configuration", name=params["name"])
    if record is None:
        raise exceptions.invalid("Config parameter with name %s doesn't exist" % params["name"])
    record["value"] = record["defaultvalue"]
    ctx.store.put("configuration", record)
    return {"configuration": view(record)}
