"""Roles and their ordered rules decide which commands a caller may use; resource limits refuse what
would exceed them (532) and accounts, domains and projects report their totals, limits and what is left."""
import pytest

from conftest import World, api_error, client


@pytest.fixture
def tenant(simulator, api):
    """ROOT/eng with account `dev` of a custom User role (cloned from the default User role), with keys."""
    user_role = [r for r in api.listRoles(type="User")["role"] if r["isdefault"]][0]
    role = api.createRole(name="restricted", roleid=user_role["id"], description="no volumes")["role"]
    domain = api.createDomain(name="eng")["domain"]
    dev = api.createAccount(username="dev", password="secret", firstname="D", lastname="Ev", email="d@example.com",
                            account="dev", roleid=role["id"], domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=dev["user"][0]["id"])["userkeys"]
    return {"api": api, "role": role, "domain": domain, "account": dev,
            "user": client(simulator, key=keys["apikey"], secret=keys["secretkey"])}


def rules(api, role):
    return [(p["rule"], p["permission"]) for p in api.listRolePermissions(roleid=role["id"]).get("rolepermission", [])]


def test_a_cloned_role_has_the_base_rules_in_order(tenant):
    api, role = tenant["api"], tenant["role"]
    assert (role["type"], role["isdefault"], role["ispublic"]) == ("User", False, True)
    assert len(rules(api, role)) == 250 and rules(api, role)[0] == ("activateProject", "allow")


def test_first_matching_rule_wins_and_a_deny_is_432(tenant):
    api, role, user = tenant["api"], tenant["role"], tenant["user"]
    assert "volume" not in user.listVolumes()
    deny = api.createRolePermission(roleid=role["id"], rule="list*", permission="deny")["rolepermission"]
    assert (deny["rule"], deny["rolename"]) == ("list*", "restricted")
    assert user.listVolumes() == {}  # listVolumes is allowed by an earlier rule
    apis = [p for p in api.listRolePermissions(roleid=role["id"])["rolepermission"] if p["rule"] == "listApis"][0]
    ids = [p["id"] for p in api.listRolePermissions(roleid=role["id"])["rolepermission"]]
    api.updateRolePermission(roleid=role["id"], ruleorder=[apis["id"], deny["id"]] + [
        i for i in ids if i not in (apis["id"], deny["id"])])
    assert rules(api, role)[:2] == [("listApis", "allow"), ("list*", "deny")]
    error = api_error(user.listVolumes)
    assert error["errorcode"] == 432
    assert error["errortext"] == "The API [listVolumes] does not exist or is not available for the account dev."
    assert "listVolumes" not in [a["name"] for a in user.listApis().get("api", [])]
    api.updateRolePermission(roleid=role["id"], ruleid=deny["id"], permission="allow")
    assert user.listVolumes() == {}


def test_default_roles_and_roles_in_use_are_kept(tenant):
    api, role = tenant["api"], tenant["role"]
    default = [r for r in api.listRoles(type="User")["role"] if r["isdefault"]][0]
    assert api_error(api.deleteRole, id=default["id"])["errortext"] == "Default roles cannot be deleted"
    assert api_error(api.createRolePermission, roleid=default["id"], rule="x", permission="allow")["errortext"] == \
        "Role permission cannot be added for Default roles"
    error = api_error(api.deleteRole, id=role["id"])
    assert (error["errorcode"], error["errortext"]) == (531, "Found accounts that have role in use, won't allow to "
                                                             "delete role")
    assert api_error(api.createRolePermission, roleid=role["id"], rule="bad-rule", permission="allow")["errortext"] \
        == "Only API names and wildcards are allowed, invalid rule provided: bad-rule"
    assert api_error(api.createRole, name="x")["errortext"] == "Neither role type nor role ID is provided"


def test_role_update_order_check_and_delete(api):
    role = api.createRole(name="ops", type="DomainAdmin")["role"]
    a = api.createRolePermission(roleid=role["id"], rule="listHosts", permission="allow")["rolepermission"]
    api.createRolePermission(roleid=role["id"], rule="*", permission="deny")
    assert api_error(api.updateRolePermission, roleid=role["id"], ruleorder=[a["id"]])["errorcode"] == 530
    updated = api.updateRole(id=role["id"], name="operators", description="Ops", type="ResourceAdmin")["role"]
    assert (updated["name"], updated["type"], updated["description"]) == ("operators", "ResourceAdmin", "Ops")
    assert api.deleteRole(id=role["id"])["success"] in (True, "true")
    assert api.listRoles(name="operators") == {}


def test_instance_limit_of_an_account(simulator, tenant):
    api, domain = tenant["api"], tenant["domain"]
    world = World(api)
    limit = api.updateResourceLimit(resourcetype=0, max=1, account="dev", domainid=domain["id"])["resourcelimit"]
    assert (limit["max"], limit["resourcetypename"], limit["account"]) == (1, "user_vm", "dev")
    deploy = dict(serviceofferingid=world.small["id"], templateid=world.template["id"], zoneid=world.basic["id"],
                  account="dev", domainid=domain["id"])
    api.deployVirtualMachine(**deploy)
    error = api_error(api.deployVirtualMachine, **deploy)
    assert error["errorcode"] == 532
    assert error["errortext"] == ("Maximum number of resources of type 'user_vm' for account name=dev in domain id=%s "
                                  "has been exceeded." % domain["id"])
    account = api.listAccounts(name="dev", domainid=domain["id"])["account"][0]
    assert (account["vmtotal"], account["vmlimit"], account["vmavailable"]) == (1, "1", "0")
    assert (account["cputotal"], account["memorytotal"], account["iplimit"]) == (1, 512, "20")
    found = api.listResourceLimits(account="dev", domainid=domain["id"], resourcetype=0)["resourcelimit"]
    assert [(r["resourcetype"], r["max"]) for r in found] == [("0", 1)]


def test_domain_limits_and_their_rules(tenant):
    api, domain = tenant["api"], tenant["domain"]
    root = api.listDomains(level=0)["domain"][0]
    error = api_error(api.updateResourceLimit, resourcetype=0, max=5, domainid=root["id"])
    assert error["errortext"].startswith("Cannot update resource limit for ROOT domain")
    api.updateResourceLimit(resourcetype=5, max=0, domainid=domain["id"])
    eng = api.listDomains(id=domain["id"])["domain"][0]
    assert (eng["projectlimit"], eng["projectavailable"], eng["vmlimit"]) == ("0", "0", "40")
    error = api_error(api.createProject, name="p", displaytext="p", account="dev", domainid=domain["id"])
    assert error["errortext"] == ("Maximum number of resources of type 'project' for domain id=%s has been exceeded."
                                  % domain["id"])
    assert api_error(api.updateResourceLimit, resourcetype=99, max=1, domainid=domain["id"])["errortext"] == \
        "Please specify valid resource type"
    assert api_error(api.updateResourceLimit, resourcetype=0, max=1, account="admin",
                     domainid=root["id"])["errortext"] == "Only -1 limit is supported for Root Admin accounts"
    counts = api.updateResourceCount(domainid=domain["id"], resourcetype=0)["resourcecount"]
    assert [(c["resourcetypename"], c["resourcecount"]) for c in counts] == [("user_vm", 0)]
