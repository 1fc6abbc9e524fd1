"""Who sees what: listall, domainid, account, isrecursive, projectid, and a regular user's view."""
import pytest

from conftest import api_error, client


@pytest.fixture
def cloud(simulator, api):
    """ROOT/eng with account `dev` (a user with keys), a project owned by admin, a group in each."""
    domain = api.createDomain(name="eng")["domain"]
    dev = api.createAccount(username="dev", password="secret", firstname="D", lastname="Ev", email="d@example.com",
                            account="dev", accounttype=0, domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=dev["user"][0]["id"])["userkeys"]
    project = api.createProject(name="proj", displaytext="Project")["project"]
    api.createSecurityGroup(name="dev-group", account="dev", domainid=domain["id"])
    api.createSecurityGroup(name="proj-group", projectid=project["id"])
    api.createSecurityGroup(name="admin-group")
    user = client(simulator, key=keys["apikey"], secret=keys["secretkey"])
    return {"api": api, "user": user, "domain": domain, "project": project}


def names(response):
    return sorted(g["name"] for g in response.get("securitygroup", []))


def test_admin_without_listall_sees_its_own(cloud):
    assert names(cloud["api"].listSecurityGroups()) == ["admin-group", "default"]


def test_listall_shows_every_account_but_not_projects(cloud):
    expected = ["admin-group", "default", "default", "dev-group"]
    assert names(cloud["api"].listSecurityGroups(listall=True)) == expected


def test_domain_and_account_filters(cloud):
    api, domain = cloud["api"], cloud["domain"]
    assert names(api.listSecurityGroups(domainid=domain["id"])) == ["default", "dev-group"]
    assert names(api.listSecurityGroups(account="dev", domainid=domain["id"])) == ["default", "dev-group"]
    error = api_error(api.listSecurityGroups, account="nobody", domainid=domain["id"])
    assert error["errorcode"] == 431


def test_project_resources_need_projectid(cloud):
    api, project = cloud["api"], cloud["project"]
    assert names(api.listSecurityGroups(projectid=project["id"])) == ["default", "proj-group"]
    assert names(api.listSecurityGroups(projectid=-1)) == ["default", "proj-group"]
    group = api.listSecurityGroups(projectid=project["id"], securitygroupname="proj-group")["securitygroup"][0]
    assert group["project"] == "proj" and group["projectid"] == project["id"] and "account" not in group


def test_regular_user_sees_only_its_own(cloud):
    user = cloud["user"]
    assert names(user.listSecurityGroups()) == ["default", "dev-group"]
    assert names(user.listSecurityGroups(listall=True)) == ["default", "dev-group"]
    assert user.listSecurityGroups(projectid=-1) == {}
    error = api_error(user.listSecurityGroups, projectid=cloud["project"]["id"])
    assert error["errorcode"] == 531
    # admin-only commands do not exist for a user
    assert api_error(user.listHosts)["errorcode"] == 432


def test_user_creates_in_its_own_account(cloud):
    user, api = cloud["user"], cloud["api"]
    user.createSSHKeyPair(name="mine")
    assert api.listSSHKeyPairs() == {}
    listed = api.listSSHKeyPairs(listall=True)["sshkeypair"]
    assert [(k["name"], k["account"], k["domain"]) for k in listed] == [("mine", "dev", "eng")]
    error = api_error(user.createSecurityGroup, name="x", account="admin", domainid=api.listDomains()["domain"][0]["id"])
    assert error["errorcode"] == 531


def test_list_accounts(cloud):
    api, user, domain = cloud["api"], cloud["user"], cloud["domain"]
    assert [a["name"] for a in api.listAccounts()["account"]] == ["admin"]
    assert sorted(a["name"] for a in api.listAccounts(listall=True)["account"]) == ["admin", "dev"]
    assert [a["name"] for a in api.listAccounts(domainid=domain["id"])["account"]] == ["dev"]
    assert [a["name"] for a in api.listAccounts(listall=True, domainid=domain["id"])["account"]] == ["dev"]
    assert [a["name"] for a in user.listAccounts(listall=True)["account"]] == ["dev"]
    assert "PrjAcct" not in str(api.listAccounts(listall=True))


def test_domain_networks_serve_subdomains(cloud):
    api, user = cloud["api"], cloud["user"]
    assert [n["name"] for n in user.listNetworks()["network"]] == ["defaultGuestNetwork"]
    assert [n["name"] for n in api.listNetworks()["network"]] == ["defaultGuestNetwork"]
    assert user.listNetworks(projectid=-1) == {}
