"""Projects (listProjects, createProject, updateProject, suspendProject, activateProject, deleteProject): a
project owns its resources through a project account; ProjectManagerImpl's rules and texts."""
from .. import exceptions
from ..context import ACCOUNT_TYPE_PROJECT
from ..registry import Job, Listing, command, finisher
from .accounts import make_account, make_default_security_group, remove_account
from . import limits
from .common import domain_subtree, filter_common, new_id, now, resolve_owner, with_tags


def make_project(store, name, displaytext, owner):
    domain = store.get("domain", owner["domainid"])
    project = {"id": new_id(), "name": name, "displaytext": displaytext, "domainid": domain["id"],
               "domain": domain["name"], "state": "Active", "created": now(), "_members": [owner["id"]]}
    project_account = make_account(store, "PrjAcct-%s-%s" % (name, project["id"][:8]), domain, ACCOUNT_TYPE_PROJECT)
    project["_accountid"] = project_account["id"]
    project["projectaccountname"] = project_account["name"]
    store.put("project", project)
    make_default_security_group(store, project_account, project)
    return project


def view_project(store, project):
    out = dict(with_tags(store, project), **limits.project_figures(store, project))
    out["owner"] = [{"account": store.get("account", a)["name"]} for a in project["_members"][:1]]
    return out


def managed_project(ctx):
    """The project `id` names, once the caller is known to may manage it (its owner, or an admin above it)."""
    project = ctx.lookup("project", "id")
    owner = ctx.store.get("account", project["_members"][0])
    ctx.check_access(owner)
    return project


@command("listProjects")
def list_projects(ctx, params):
    store = ctx.store
    projects = ctx.visible_projects()
    if params.get("account"):
        account = store.first("account", name=params["account"],
                              domainid=params.get("domainid") or ctx.account["domainid"])
        projects = [p for p in projects if account and account["id"] in p["_members"]]
    if params.get("domainid"):
        domain = ctx.lookup("domain", "domainid")
        ctx.check_domain(domain["id"])
        subtree = domain_subtree(store, domain["id"]) if params.get("isrecursive") else {domain["id"]}
        projects = [p for p in projects if p["domainid"] in subtree]
    if params.get("displaytext"):
        projects = [p for p in projects if p["displaytext"] == params["displaytext"]]
    projects = filter_common(ctx, projects, params, keyword_fields=("name", "displaytext"))
    return Listing(projects, lambda p: view_project(store, p))


@command("createProject")
def create_project(ctx, params):
    store = ctx.store
    owner = resolve_owner(ctx, dict(params, projectid=None))[0]
    for project in store.all("project"):
        if project["name"].lower() == params["name"].lower() and project["domainid"] == owner["domainid"]:
            raise exceptions.invalid("Project with name %s already exists in domain id=%s"
                                     % (params["name"], owner["domainid"]))
    limits.charge(store, owner, "project")
    project = make_project(store, params["name"], params["displaytext"], owner)
    return Job("projects.answer", {"id": project["id"]}, "Project", project["id"])


@finisher("projects.answer")
def finish_project(store, args):
    return {"project": view_project(store, store.get("project", args["id"]))}


@command("updateProject")
def update_project(ctx, params):
    project = managed_project(ctx)
    if params.get("displaytext") is not None:
        project["displaytext"] = params["displaytext"]
    if params.get("name") and params["name"] != project["name"]:
        for other in ctx.store.find("project", domainid=project["domainid"]):
            if other["name"].lower() == params["name"].lower():
                raise exceptions.invalid("Project with name %s already exists in domain id=%s"
                                         % (params["name"], project["domainid"]))
        project["name"] = params["name"]
    ctx.store.put("project", project)
    return Job("projects.answer", {"id": project["id"]}, "Project", project["id"])


@command("suspendProject", "activateProject")
def change_project_state(ctx, params):
    project = managed_project(ctx)
    project["state"] = "Suspended" if ctx.command == "suspendProject" else "Active"
    ctx.store.put("project", project)
    return Job("projects.answer", {"id": project["id"]}, "Project", project["id"])


@command("deleteProject")
def delete_project(ctx, params):
    project = managed_project(ctx)
    if not params.get("cleanup"):
        owned = [v for v in ctx.store.all("virtualmachine") if v.get("_accountid") == project["_accountid"]]
        owned += [n for n in ctx.store.all("network") if n.get("_accountid") == project["_accountid"]]
        if owned:
            raise exceptions.invalid("Please clean up all the resources of the project id=%s before deleting it, "
                                     "or set cleanup to true" % project["id"])
    return Job("projects.delete", {"id": project["id"]}, "Project", project["id"])


@finisher("projects.delete")
def finish_delete_project(store, args):
    project = store.get("project", args["id"])
    if project:
        remove_account(store, store.get("account", project["_accountid"]))
        for tag in list(store.tags_of(project["id"])):
            store.delete("tag", tag["id"])
        store.delete("project", project["id"])
    return {"success": True}
