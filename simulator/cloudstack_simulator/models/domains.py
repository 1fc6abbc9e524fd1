"""Domains (listDomains, createDomain, updateDomain, deleteDomain): a tree under ROOT, named by path."""
from .. import exceptions
from ..context import ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN, ACCOUNT_TYPE_PROJECT
from ..registry import Job, Listing, command, finisher
from . import limits
from .common import domain_subtree, filter_common, new_id, now, public


def make_domain(store, name, parent=None, networkdomain=None):
    oid = new_id()
    if parent is None:
        path, public_path, level = "/", "ROOT", 0
    else:
        path, public_path, level = parent["_path"] + name + "/", parent["path"] + "/" + name, parent["level"] + 1
        parent["haschild"] = True
        store.put("domain", parent)
    domain = {"id": oid, "name": name, "level": level, "path": public_path, "haschild": False,
              "state": "Active", "created": now(), "networkdomain": networkdomain, "_path": path}
    if parent:
        domain.update(parentdomainid=parent["id"], parentdomainname=parent["name"])
    return store.put("domain", domain)


def view_domain(store, domain):
    out = dict(public(domain), **limits.domain_figures(store, domain))
    out["haschild"] = any(d.get("parentdomainid") == domain["id"] for d in store.all("domain"))
    return out


@command("listDomains")
def list_domains(ctx, params):
    """Like QueryManagerImpl: the given (or the caller's) domain, an admin's its subtree with listall/isrecursive."""
    store = ctx.store
    base = ctx.lookup("domain", "id") or store.get("domain", ctx.account["domainid"])
    ctx.check_domain(base["id"])
    is_admin = ctx.account["accounttype"] in (ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN)
    if is_admin and (params.get("listall") or params.get("isrecursive")):
        domains = [d for d in store.all("domain") if d["_path"].startswith(base["_path"])]
    else:
        domains = [base]
    if "level" in params:
        domains = [d for d in domains if d["level"] == params["level"]]
    domains = filter_common(ctx, domains, dict(params, id=None))
    return Listing(domains, lambda d: view_domain(store, d))


def check_network_domain(value):
    """NetUtils.verifyDomainName: labels of letters, digits and hyphens, not starting or ending with one."""
    labels = value.split(".")
    if not all(label and len(label) <= 63 and label.replace("-", "").isalnum() and label[0] != "-" and label[-1] != "-"
               for label in labels):
        raise exceptions.invalid("Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label "
                                 "must be between 1 and 63 characters long, can contain ASCII letters 'a' through "
                                 "'z', the digits '0' through '9', and the hyphen ('-'); can't start or end with "
                                 "\"-\"")


@command("createDomain")
def create_domain(ctx, params):
    """DomainManagerImpl.createDomain: a domain admin creates under its own subtree too."""
    ctx.require_admin()
    store = ctx.store
    parent = ctx.lookup("domain", "parentdomainid") or store.get("domain", ctx.account["domainid"])
    ctx.check_domain(parent["id"])
    if parent["state"] != "Active":
        raise exceptions.invalid("Unable to create domain %s, parent domain %s is inactive."
                                 % (params["name"], parent["id"]))
    if params.get("networkdomain"):
        check_network_domain(params["networkdomain"])
    for sibling in store.find("domain", parentdomainid=parent["id"]):
        if sibling["name"].lower() == params["name"].lower():
            raise exceptions.invalid("Domain with name %s already exists for the parent id=%s"
                                     % (params["name"], parent["id"]))
    domain = make_domain(store, params["name"], parent, params.get("networkdomain"))
    return {"domain": view_domain(store, domain)}


@command("updateDomain")
def update_domain(ctx, params):
    ctx.require_admin()
    domain = ctx.lookup("domain", "id")
    ctx.check_domain(domain["id"])
    if domain["_path"] == "/" and params.get("name"):
        raise exceptions.invalid("ROOT domain can not be edited with a new name")
    if params.get("name"):
        for sibling in ctx.store.find("domain", parentdomainid=domain.get("parentdomainid")):
            if sibling["id"] != domain["id"] and sibling["name"].lower() == params["name"].lower():
                raise exceptions.invalid("Failed to update domain id=%s; domain with name %s already exists in the "
                                         "system" % (domain["id"], params["name"]))
        rename(ctx.store, domain, params["name"])
    if "networkdomain" in params:
        if params["networkdomain"]:
            check_network_domain(params["networkdomain"])
        domain["networkdomain"] = params["networkdomain"] or None
    ctx.store.put("domain", domain)
    return {"domain": view_domain(ctx.store, domain)}


def rename(store, domain, name):
    """A new name changes the paths of the domain and of its whole subtree."""
    old_path, old_public = domain["_path"], domain["path"]
    new_path = old_path[:-len(domain["name"]) - 1] + name + "/"
    new_public = old_public[:-len(domain["name"])] + name
    for each in store.all("domain"):
        if each["_path"].startswith(old_path):
            each["_path"] = new_path + each["_path"][len(old_path):]
            each["path"] = new_public + each["path"][len(old_public):]
            if each.get("parentdomainid") == domain["id"]:
                each["parentdomainname"] = name
            store.put("domain", each)
    domain["name"] = name


@command("deleteDomain")
def delete_domain(ctx, params):
    """DomainManagerImpl.deleteDomain: ROOT never; a domain with accounts or sub-domains only with cleanup."""
    ctx.require_admin()
    domain = ctx.lookup("domain", "id")
    if domain["_path"] == "/":
        raise exceptions.permission_denied("Can't delete ROOT domain")
    ctx.check_domain(domain["id"])
    if domain["id"] == ctx.account["domainid"]:
        raise exceptions.permission_denied("Can't delete the domain of the caller's own account")
    return Job("domains.delete", {"id": domain["id"], "cleanup": bool(params.get("cleanup"))}, "Domain", domain["id"])


@finisher("domains.delete")
def finish_delete_domain(store, args):
    """Without cleanup, DomainDaoImpl.remove refuses a domain that still has accounts or sub-domains; with it,
    the subtree goes, deepest domains first, with their projects and accounts."""
    from .accounts import remove_account  # accounts build on domains: imported when a domain goes
    domain = store.get("domain", args["id"])
    if not args["cleanup"] and (store.first("domain", parentdomainid=domain["id"]) or [
            a for a in store.find("account", domainid=domain["id"]) if a["accounttype"] != ACCOUNT_TYPE_PROJECT]):
        raise exceptions.internal("Delete failed on domain %s (id: %s); Please make sure all users and sub domains "
                                  "have been removed from the domain before deleting" % (domain["name"], domain["id"]))
    for domainid in sorted(domain_subtree(store, domain["id"]), key=lambda d: -store.get("domain", d)["level"]):
        for project in store.find("project", domainid=domainid):
            store.delete("project", project["id"])
        for account in store.find("account", domainid=domainid):
            remove_account(store, account)
        store.delete("domain", domainid)
    return {"success": True}
