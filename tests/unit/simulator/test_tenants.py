"""Domains, accounts, users and projects: CloudStack's rules and texts (models/domains.py, accounts.py, users.py,
projects.py) and who may do what (context.py: DomainChecker's rule, the admins' commands)."""
import pytest

from conftest import api_error, client


@pytest.fixture
def tenants(simulator, api):
    """ROOT/acme (with ROOT/acme/sub) holding a domain admin and a user, each with keys; ROOT/other with a user."""
    acme = api.createDomain(name="acme")["domain"]
    sub = api.createDomain(name="sub", parentdomainid=acme["id"])["domain"]
    other = api.createDomain(name="other")["domain"]
    keys = {}
    for name, accounttype, domain in (("boss", 2, acme), ("dev", 0, acme), ("stranger", 0, other)):
        account = api.createAccount(username=name, password="secret", firstname="F", lastname="L", email="e@example.com",
                                    account=name, accounttype=accounttype, domainid=domain["id"])["account"]
        keys[name] = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    clients = dict((name, client(simulator, key=k["apikey"], secret=k["secretkey"])) for name, k in keys.items())
    return dict(api=api, acme=acme, sub=sub, other=other, **clients)


def test_a_domain_renamed_moves_the_paths_of_its_subtree(tenants):
    api = tenants["api"]
    api.updateDomain(id=tenants["acme"]["id"], name="acme-corp")
    paths = sorted(d["path"] for d in api.listDomains(listall=True)["domain"])
    assert paths == ["ROOT", "ROOT/acme-corp", "ROOT/acme-corp/sub", "ROOT/other"]


def test_delete_domain_without_cleanup_fails_in_its_job(tenants):
    api = tenants["api"]
    error = api_error(api.deleteDomain, id=tenants["acme"]["id"])
    assert error["errorcode"] == 530
    assert "Please make sure all users and sub domains have been removed" in error["errortext"]
    api.deleteDomain(id=tenants["acme"]["id"], cleanup=True)
    assert sorted(d["path"] for d in api.listDomains(listall=True)["domain"]) == ["ROOT", "ROOT/other"]
    assert api.listAccounts(name="boss", listall=True) == {}


def test_locking_needs_an_enabled_account_and_user(tenants):
    api = tenants["api"]
    account = api.listAccounts(name="dev", listall=True)["account"][0]
    api.disableAccount(id=account["id"], lock=False)
    assert api_error(api.disableAccount, id=account["id"], lock=True)["errortext"] == "Failed to lock account"
    user = account["user"][0]
    api.disableUser(id=user["id"])
    assert api_error(api.lockUser, id=user["id"])["errorcode"] == 530
    api.enableUser(id=user["id"])  # enables the account too
    assert api.listAccounts(id=account["id"])["account"][0]["state"] == "enabled"


def test_role_changes_follow_validate_role_change(tenants):
    api = tenants["api"]
    roles = dict((r["name"], r["id"]) for r in api.listRoles()["role"])
    dev = api.listAccounts(name="dev", listall=True)["account"][0]
    error = api_error(api.updateAccount, id=dev["id"], roleid=roles["Root Admin"])
    assert (error["errorcode"], error["errortext"]) == (
        531, "Unable to update account role to Root Admin, as the user does not belong to the ROOT domain")
    error = api_error(tenants["boss"].updateAccount, id=dev["id"], roleid=roles["Resource Admin"])
    assert "as either current or new role has higher privileges than the caller" in error["errortext"]
    updated = tenants["boss"].updateAccount(id=dev["id"], roleid=roles["Domain Admin"])["account"]
    assert (updated["rolename"], updated["accounttype"], updated["user"][0]["roletype"]) == ("Domain Admin", 2, "DomainAdmin")


def test_a_domain_admin_acts_only_inside_its_domain(tenants):
    boss = tenants["boss"]
    assert sorted(d["path"] for d in boss.listDomains(listall=True)["domain"]) == ["ROOT/acme", "ROOT/acme/sub"]
    assert sorted(a["name"] for a in boss.listAccounts(listall=True)["account"]) == ["boss", "dev"]
    boss.createAccount(username="new", password="secret", firstname="F", lastname="L", email="e@example.com",
                       accounttype=0, domainid=tenants["sub"]["id"])
    error = api_error(boss.createAccount, username="x", password="secret", firstname="F", lastname="L",
                      email="e@example.com", accounttype=0, domainid=tenants["other"]["id"])
    assert (error["errorcode"], error["errortext"]) == (531, "Account boss does not have permission to access domain other")
    stranger = tenants["api"].listUsers(username="stranger")["user"][0]
    assert api_error(boss.lockUser, id=stranger["id"])["errorcode"] == 531
    assert api_error(boss.listDomains, id=tenants["other"]["id"])["errorcode"] == 531


def test_a_user_sees_its_own_and_administers_nothing(tenants):
    dev = tenants["dev"]
    assert [d["path"] for d in dev.listDomains(listall=True)["domain"]] == ["ROOT/acme"]
    assert [a["name"] for a in dev.listAccounts(listall=True)["account"]] == ["dev"]
    assert [u["username"] for u in dev.listUsers(listall=True)["user"]] == ["dev"]
    assert api_error(dev.listDomains, id=tenants["sub"]["id"])["errorcode"] == 531
    assert api_error(dev.createAccount, username="x", password="secret", firstname="F", lastname="L",
                     email="e@example.com", accounttype=0)["errorcode"] == 432
    assert api_error(dev.createDomain, name="mine")["errorcode"] == 432


def test_users_keys_and_listing(tenants):
    api = tenants["api"]
    assert "system" not in [u["username"] for u in api.listUsers(listall=True)["user"]]
    dev = api.listUsers(username="dev")["user"][0]
    assert "secretkey" not in dev and dev["apikey"]
    assert api.getUserKeys(id=dev["id"])["userkeys"]["secretkey"]
    error = api_error(api.updateUser, id=dev["id"], userapikey="only-the-key")
    assert error["errortext"] == "Please provide a userApiKey/userSecretKey pair"


def test_account_details_api_key_access_and_rename(tenants):
    """accountdetails: the map's first entry, added to what the account holds; apikeyaccess Enabled, Disabled or
    Inherit (4.20.1), listed as ApiConstants.ApiKeyAccess names; newname renames within the domain."""
    api = tenants["api"]
    created = api.createAccount(username="carl", password="secret", firstname="F", lastname="L", email="e@example.com",
                                account="carl", accounttype=0, domainid=tenants["acme"]["id"],
                                accountdetails={"a": "1"})["account"]
    assert created["accountdetails"] == {"a": "1"} and created["apikeyaccess"] == "INHERIT"
    updated = api.updateAccount(id=created["id"], accountdetails={"b": "2"}, apikeyaccess="disabled")["account"]
    assert updated["accountdetails"] == {"a": "1", "b": "2"} and updated["apikeyaccess"] == "DISABLED"
    error = api_error(api.updateAccount, id=created["id"], apikeyaccess="sometimes")
    assert (error["errorcode"], error["errortext"]) == (431, "ApiKeyAccess value can only be Enabled/Disabled/Inherit")
    assert api.updateAccount(id=created["id"], apikeyaccess="Inherit")["account"]["apikeyaccess"] == "INHERIT"
    renamed = api.updateAccount(id=created["id"], newname="karl")["account"]
    assert renamed["name"] == "karl" and api.listAccounts(name="carl", listall=True) == {}
    assert api_error(api.updateAccount, id=created["id"], newname="dev")["errorcode"] == 431


def test_user_api_key_access_and_mandated_2fa(tenants):
    """updateUser's apikeyaccess as an account's; mandate2fa=true turns the user's 2FA on, false changes nothing."""
    api = tenants["api"]
    dev = api.listUsers(username="dev", listall=True)["user"][0]
    assert dev["apikeyaccess"] == "INHERIT" and dev["is2faenabled"] is False and dev["is2famandated"] is False
    updated = api.updateUser(id=dev["id"], apikeyaccess="Enabled", mandate2fa=True)["user"]
    assert updated["apikeyaccess"] == "ENABLED" and updated["is2faenabled"] is True
    assert api.updateUser(id=dev["id"], mandate2fa=False)["user"]["is2faenabled"] is True
    assert api_error(api.updateUser, id=dev["id"], apikeyaccess="on")["errortext"] == (
        "ApiKeyAccess value can only be Enabled/Disabled/Inherit")
    # is2famandated: the domain's settings enable.user.2fa and mandate.user.2fa, both true.
    for name in ("enable.user.2fa", "mandate.user.2fa"):
        api.updateConfiguration(name=name, value="true", domainid=tenants["acme"]["id"])
    assert api.listUsers(id=dev["id"])["user"][0]["is2famandated"] is True
    assert api.listUsers(username="stranger", listall=True)["user"][0]["is2famandated"] is False


def test_project_members_join_change_roles_and_leave_as_project_manager_impl_rules(tenants):
    api = tenants["api"]
    acme = tenants["acme"]
    project = api.createProject(name="web", displaytext="web", account="boss", domainid=acme["id"])["project"]

    def members():
        listed = api.listProjectAccounts(projectid=project["id"]).get("projectaccount", [])
        return sorted((m["account"], m["role"]) for m in listed)

    assert members() == [("boss", "Admin")]
    api.addAccountToProject(projectid=project["id"], account="dev")
    api.addAccountToProject(projectid=project["id"], account="dev")  # already a member: success, nothing changes
    assert members() == [("boss", "Admin"), ("dev", "Regular")]
    # dev now sees the project; a stranger's account is not in the project's domain
    assert [p["name"] for p in tenants["dev"].listProjects()["project"]] == ["web"]
    assert api_error(api.addAccountToProject, projectid=project["id"], account="stranger")["errortext"] == \
        "Unable to find account name=stranger in specified domain id"
    assert api_error(api.updateProject, id=project["id"], account="stranger")["errortext"] == \
        "Unable to find account name=stranger in domain id=%s" % acme["id"]

    # the owner swapped: dev owns it, boss stays a regular member
    api.updateProject(id=project["id"], account="dev")
    assert members() == [("boss", "Regular"), ("dev", "Admin")]
    assert [o["account"] for o in api.listProjects(id=project["id"])["project"][0]["owner"]] == ["dev"]
    assert api_error(api.updateProject, id=project["id"], account="dev", swapowner=False,
                     roletype="Regular")["errortext"] == "Cannot demote the only admin of the project"
    assert api_error(api.deleteAccountFromProject, projectid=project["id"], account="dev")["errortext"] == (
        "Unable to delete account dev from the project with specified id as the account is the owner of the project")
    api.deleteAccountFromProject(projectid=project["id"], account="boss")
    assert members() == [("dev", "Admin")]
    assert api_error(api.deleteAccountFromProject, projectid=project["id"], account="boss")["errortext"] == \
        "Account boss is not assigned to the project with specified id"

    api.suspendProject(id=project["id"])
    assert api_error(api.addAccountToProject, projectid=project["id"], account="boss")["errortext"] == \
        "Can't add account to the specified project id in state=Suspended as it's no longer active"
    # a user outside the project may not list its members
    assert api_error(tenants["stranger"].listProjectAccounts, projectid=project["id"])["errorcode"] == 531


def test_with_invitations_required_accounts_are_invited_and_join_when_they_accept(tenants):
    api, acme = tenants["api"], tenants["acme"]
    api.updateConfiguration(name="project.invite.required", value="true")
    project = api.createProject(name="web", displaytext="web", account="boss", domainid=acme["id"])["project"]
    api.addAccountToProject(projectid=project["id"], account="dev", roletype="Admin")
    members = [m["account"] for m in api.listProjectAccounts(projectid=project["id"])["projectaccount"]]
    assert members == ["boss"]
    invitation, = api.listProjectInvitations(projectid=project["id"])["projectinvitation"]
    assert (invitation["account"], invitation["state"], invitation["project"]) == ("dev", "Pending", "web")
    assert api_error(api.addAccountToProject, projectid=project["id"], account="dev")["errortext"] == \
        "There is already a pending invitation for account id=%s to the project id=%s" % (
            api.listAccounts(name="dev", listall=True)["account"][0]["id"], project["id"])
    # the invitee sees its invitation and accepts it: it joins with the invitation's role
    assert [i["id"] for i in tenants["dev"].listProjectInvitations()["projectinvitation"]] == [invitation["id"]]
    tenants["dev"].updateProjectInvitation(projectid=project["id"], accept=True)
    roles = dict((m["account"], m["role"]) for m in api.listProjectAccounts(projectid=project["id"])["projectaccount"])
    assert roles == {"boss": "Admin", "dev": "Admin"}
    assert api.listProjectInvitations(id=invitation["id"])["projectinvitation"][0]["state"] == "Completed"
    assert api.listProjectInvitations(projectid=project["id"], activeonly=True) == {}
    assert api_error(tenants["dev"].updateProjectInvitation, projectid=project["id"])["errortext"] == \
        "Unable to find invitation for account name=None to the project id=%s" % project["id"]
    # leaving the project removes the account's invitations: it may be invited again, then the invitation deleted
    api.deleteAccountFromProject(projectid=project["id"], account="dev")
    api.addAccountToProject(projectid=project["id"], account="dev")
    again, = api.listProjectInvitations(projectid=project["id"], state="Pending")["projectinvitation"]
    assert api_error(tenants["stranger"].deleteProjectInvitation, id=again["id"])["errorcode"] == 531
    api.deleteProjectInvitation(id=again["id"])
    assert api.listProjectInvitations(projectid=project["id"]) == {}
    error = api_error(api.deleteProjectInvitation, id=again["id"])
    assert "Invalid parameter id value=%s" % again["id"] in error["errortext"]


def test_an_invitation_declined_or_past_its_timeout_does_not_make_a_member(tenants):
    api, acme = tenants["api"], tenants["acme"]
    api.updateConfiguration(name="project.invite.required", value="true")
    project = api.createProject(name="web", displaytext="web", account="boss", domainid=acme["id"])["project"]
    api.addAccountToProject(projectid=project["id"], account="dev")
    tenants["boss"].updateProjectInvitation(projectid=project["id"], account="dev", accept=False)
    assert api.listProjectInvitations(projectid=project["id"])["projectinvitation"][0]["state"] == "Declined"
    api.addAccountToProject(projectid=project["id"], account="dev")  # a declined invitation is not active
    api.updateConfiguration(name="project.invite.timeout", value="0")
    assert api_error(tenants["dev"].updateProjectInvitation, projectid=project["id"])["errortext"] == \
        "Invitation is expired for account id=None to the project id=%s" % project["id"]
    states = sorted(i["state"] for i in api.listProjectInvitations(projectid=project["id"])["projectinvitation"])
    assert states == ["Declined", "Expired"]
    assert [m["account"] for m in api.listProjectAccounts(projectid=project["id"])["projectaccount"]] == ["boss"]
