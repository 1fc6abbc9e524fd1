"""Projects (listProjects, createProject, updateProject, suspendProject, activateProject, deleteProject) and their
members (addAccountToProject, deleteAccountFromProject, listProjectAccounts): a project owns its resources through a
project account; ProjectManagerImpl's rules and texts. A project's `_members` are account ids, its owner first, and
`_roles` their project roles (Admin or Regular). Accounts join at once when the setting project.invite.required is
false (the default); when it is true, addAccountToProject invites them instead (listProjectInvitations,
updateProjectInvitation to accept or decline, deleteProjectInvitation), and a Pending invitation expires after
project.invite.timeout seconds."""
import random
import string
import time

from .. import exceptions
from ..context import ACCOUNT_TYPE_PROJECT, ACCOUNT_TYPE_USER
from ..registry import Job, Listing, command, finisher
from .accounts import make_account, make_default_security_group, remove_account
from . import limits
from .common import domain_subtree, filter_common, new_id, now, resolve_owner, with_tags


def make_project(store, name, displaytext, owner):
    domain = store.get("domain", owner["domainid"])
    project = {"id": new_id(), "name": name, "displaytext": displaytext, "domainid": domain["id"],
               "domain": domain["name"], "state": "Active", "created": now(), "_members": [owner["id"]],
               "_roles": {owner["id"]: "Admin"}}
    project_account = make_account(store, "PrjAcct-%s-%s" % (name, project["id"][:8]), domain, ACCOUNT_TYPE_PROJECT)
    project["_accountid"] = project_account["id"]
    project["projectaccountname"] = project_account["name"]
    store.put("project", project)
    make_default_security_group(store, project_account, project)
    return project


def view_project(store, project):
    out = dict(with_tags(store, project), **limits.project_figures(store, project))
    out["owner"] = [{"account": store.get("account", a)["name"]} for a in project["_members"]
                    if project["_roles"][a] == "Admin"]
    return out


def managed_project(ctx, project=None):
    """The project (`id` names it unless given), once the caller is known to may manage it (its owner, or an
    admin above it)."""
    project = project or ctx.lookup("project", "id")
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
    if params.get("account"):
        change_member_role(ctx, project, params)
    ctx.store.put("project", project)
    return Job("projects.answer", {"id": project["id"]}, "Project", project["id"])


def member_by_name(ctx, project, name):
    """The account `name` of the project's domain, CloudStack's text when there is none."""
    account = ctx.store.first("account", name=name, domainid=project["domainid"])
    if account is None or account.get("state") != "enabled":
        raise exceptions.invalid("Unable to find account name=%s in domain id=%s" % (name, project["domainid"]))
    return account


def change_member_role(ctx, project, params):
    """updateProject with `account`: by default (swapowner) the account becomes the owner and the owner a regular
    member; with swapowner=false the account gets `roletype`."""
    account = member_by_name(ctx, project, params["account"])
    if account["id"] not in project["_members"]:
        raise exceptions.invalid("Account %s doesn't belong to the project. Add it to the project first and then "
                                 "change the project's ownership" % params["account"])
    admins = [a for a in project["_members"] if project["_roles"][a] == "Admin"]
    if params.get("swapowner") is False:
        role = (params.get("roletype") or "Regular").capitalize()
        if admins == [account["id"]] and role != "Admin":
            raise exceptions.invalid("Cannot demote the only admin of the project")
        set_role(project, account, role)
        return
    if admins[:1] == [account["id"]]:
        return
    limits.charge(ctx.store, account, "project")
    set_role(project, ctx.store.get("account", admins[0]), "Regular")
    set_role(project, account, "Admin")
    project["_members"].remove(account["id"])
    project["_members"].insert(0, account["id"])


def set_role(project, account, role):
    project["_roles"][account["id"]] = role


@command("addAccountToProject")
def add_account_to_project(ctx, params):
    project = ctx.lookup("project", "projectid")
    if project["state"] != "Active":
        raise exceptions.invalid("Can't add account to the specified project id in state=%s as it's no longer active"
                                 % project["state"])
    account = None
    if params.get("account"):
        account = ctx.store.first("account", name=params["account"], domainid=project["domainid"])
        if account is None or account.get("state") != "enabled":
            raise exceptions.invalid("Unable to find account name=%s in specified domain id" % params["account"])
        managed_project(ctx, project)
        if account["id"] in project["_members"]:
            return Job("projects.success", {}, "Project", project["id"])
    role = (params.get("roletype") or "Regular").capitalize()
    if ctx.setting_true("project.invite.required"):
        invite(ctx, project, account, params.get("email"), role)
    elif account is None:
        raise exceptions.invalid("Account information is required for assigning account to the project")
    else:
        if role == "Admin":
            limits.charge(ctx.store, account, "project")
        project["_members"].append(account["id"])
        set_role(project, account, role)
        ctx.store.put("project", project)
    return Job("projects.success", {}, "Project", project["id"])


def invite(ctx, project, account, email, role):
    """ProjectManagerImpl.inviteAccountToProject: an invitation for the account, else one with a token for the email
    (the token is what the invitee accepts with; CloudStack mails it)."""
    if account is None and not email:
        raise exceptions.invalid("Account information is required for assigning account to the project")
    for other in invitations_of(ctx.store, project["id"], account and account["id"], None if account else email):
        if other["state"] == "Completed" or (other["state"] == "Pending" and is_active(ctx, other)):
            raise exceptions.invalid("There is already a pending invitation for %s to the project id=%s"
                                     % ("account id=%s" % account["id"] if account else "email %s" % email,
                                        project["id"]))
    domain = ctx.store.get("domain", project["domainid"])
    invitation = {"id": new_id(), "projectid": project["id"], "project": project["name"], "domainid": domain["id"],
                  "domain": domain["name"], "domainpath": domain["path"], "state": "Pending", "_role": role,
                  "_created": time.time()}
    if account:
        invitation.update(account=account["name"], _accountid=account["id"])
    else:
        invitation.update(email=email, _token=token())
    ctx.store.put("projectinvitation", invitation)


def token():
    """ProjectManagerImpl.generateToken(10): what an invitee by email accepts with."""
    return "".join(random.choice(string.ascii_uppercase + string.digits) for _position in range(10))


def invitations_of(store, projectid, accountid=None, email=None):
    return [i for i in store.find("projectinvitation", projectid=projectid)
            if (accountid is None or i.get("_accountid") == accountid) and (email is None or i.get("email") == email)]


def is_active(ctx, invitation):
    """ProjectInvitationDao.isActive: created less than project.invite.timeout seconds ago."""
    return time.time() - invitation["_created"] < int(ctx.setting("project.invite.timeout") or 86400)


def expire_stale(ctx, invitations):
    """Pending invitations past their timeout become Expired, as CloudStack's cleanup thread marks them."""
    for invitation in invitations:
        if invitation["state"] == "Pending" and not is_active(ctx, invitation):
            invitation["state"] = "Expired"
            ctx.store.put("projectinvitation", invitation)


@command("listProjectInvitations")
def list_project_invitations(ctx, params):
    store = ctx.store
    # Admins see the invitations of the projects they see, a user those of the projects it owns and its own.
    managed = set(p["id"] for p in ctx.visible_projects()
                  if ctx.account["accounttype"] != ACCOUNT_TYPE_USER or p["_roles"].get(ctx.account["id"]) == "Admin")
    invitations = [i for i in store.all("projectinvitation")
                   if i["projectid"] in managed or i.get("_accountid") == ctx.account["id"]]
    expire_stale(ctx, invitations)
    if params.get("projectid"):
        invitations = [i for i in invitations if i["projectid"] == ctx.lookup("project", "projectid")["id"]]
    if params.get("account"):
        account = store.first("account", name=params["account"],
                              domainid=params.get("domainid") or ctx.account["domainid"])
        invitations = [i for i in invitations if account and i.get("_accountid") == account["id"]]
    elif params.get("domainid"):
        domain = ctx.lookup("domain", "domainid")
        subtree = domain_subtree(store, domain["id"]) if params.get("isrecursive") else {domain["id"]}
        invitations = [i for i in invitations if i["domainid"] in subtree]
    if params.get("activeonly"):
        invitations = [i for i in invitations if i["state"] == "Pending"]
    invitations = filter_common(ctx, invitations, params, keyword_fields=("account", "email", "project"))
    return Listing(invitations)


@command("updateProjectInvitation")
def update_project_invitation(ctx, params):
    """Accept (the account joins with the invitation's role) or decline a Pending invitation: the caller's own, the
    named account's (its owner or an admin over it), or the one `token` names."""
    store = ctx.store
    project = ctx.lookup("project", "projectid")
    account = ctx.account
    if params.get("account"):
        account = store.first("account", name=params["account"], domainid=project["domainid"])
        if account is None or account.get("state") != "enabled":
            raise exceptions.invalid("Unable to find account name=%s in domain id=%s"
                                     % (params["account"], project["domainid"]))
        ctx.check_access(account)
    if params.get("token"):
        pending = store.find("projectinvitation", projectid=project["id"], state="Pending", _token=params["token"])
    else:
        pending = store.find("projectinvitation", projectid=project["id"], state="Pending", _accountid=account["id"])
    if not pending:
        raise exceptions.invalid("Unable to find invitation for account name=%s to the project id=%s"
                                 % (params.get("account"), project["id"]))
    invitation = pending[0]
    accept = params.get("accept", True) is not False
    if accept and not is_active(ctx, invitation):
        invitation["state"] = "Expired"
        store.put("projectinvitation", invitation)
        raise exceptions.invalid("Invitation is expired for account id=%s to the project id=%s"
                                 % (params.get("account"), project["id"]))
    invitation["state"] = "Completed" if accept else "Declined"
    store.put("projectinvitation", invitation)
    joining = invitation.get("_accountid") or account["id"]
    if accept and joining not in project["_members"]:
        project["_members"].append(joining)
        project["_roles"][joining] = invitation["_role"]
        store.put("project", project)
    return Job("projects.success", {}, "Project", project["id"])


@command("deleteProjectInvitation")
def delete_project_invitation(ctx, params):
    invitation = ctx.lookup("projectinvitation", "id")
    managed_project(ctx, ctx.store.get("project", invitation["projectid"]))
    ctx.store.delete("projectinvitation", invitation["id"])
    return Job("projects.success", {}, "Project", invitation["projectid"])


@command("deleteAccountFromProject")
def delete_account_from_project(ctx, params):
    project = ctx.lookup("project", "projectid")
    account = member_by_name(ctx, project, params["account"])
    managed_project(ctx, project)
    if account["id"] not in project["_members"]:
        raise exceptions.invalid("Account %s is not assigned to the project with specified id" % params["account"])
    admins = [a for a in project["_members"] if project["_roles"][a] == "Admin"]
    if admins == [account["id"]]:
        raise exceptions.invalid("Unable to delete account %s from the project with specified id as the account is "
                                 "the owner of the project" % params["account"])
    project["_members"].remove(account["id"])
    del project["_roles"][account["id"]]
    ctx.store.put("project", project)
    for invitation in invitations_of(ctx.store, project["id"], account["id"]):
        ctx.store.delete("projectinvitation", invitation["id"])
    return Job("projects.success", {}, "Project", project["id"])


@finisher("projects.success")
def finish_success(store, args):
    return {"success": True}


@command("listProjectAccounts")
def list_project_accounts(ctx, params):
    store = ctx.store
    project = ctx.lookup("project", "projectid")
    if project not in ctx.visible_projects():
        raise exceptions.permission_denied("Account %s does not have permission to access project %s"
                                           % (ctx.account["name"], project["name"]))
    members = [store.get("account", a) for a in project["_members"]]
    if params.get("account"):
        members = [a for a in members if a["name"] == params["account"]]
    if params.get("role"):
        members = [a for a in members if project["_roles"][a["id"]].lower() == params["role"].lower()]
    if params.get("keyword"):
        members = [a for a in members if params["keyword"].lower() in a["name"].lower()]
    return Listing(members, lambda a: view_member(store, project, a))


def view_member(store, project, account):
    domain = store.get("domain", account["domainid"])
    return {"projectid": project["id"], "project": project["name"], "accountid": account["id"],
            "account": account["name"], "accounttype": account["accounttype"], "role": project["_roles"][account["id"]],
            "domainid": domain["id"], "domain": domain["name"]}


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
        for invitation in invitations_of(store, project["id"]):
            store.delete("projectinvitation", invitation["id"])
        store.delete("project", project["id"])
    return {"success": True}
