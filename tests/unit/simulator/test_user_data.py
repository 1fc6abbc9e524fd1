"""Registered user data: owners, uniqueness of names and contents, listUserData's filters, deletes."""
import base64

from conftest import api_error


def encoded(text):
    return base64.b64encode(text.encode()).decode()


def test_register_list_and_delete(api):
    userdata = api.registerUserData(name="init", userdata=encoded("#cloud-config\n"), params="a,b")["userdata"]
    assert (userdata["name"], userdata["params"], userdata["account"], userdata["domain"]) == ("init", "a,b", "admin",
                                                                                               "ROOT")
    assert base64.b64decode(userdata["userdata"]) == b"#cloud-config\n" and userdata["accountid"]
    assert [u["id"] for u in api.listUserData(name="init")["userdata"]] == [userdata["id"]]
    assert [u["id"] for u in api.listUserData(keyword="NI")["userdata"]] == [userdata["id"]]
    assert api.listUserData(id=userdata["id"])["userdata"][0]["name"] == "init"
    assert api.listUserData(name="other") == {}
    assert api.deleteUserData(id=userdata["id"])["success"] in (True, "true")
    assert api.listUserData() == {}


def test_names_and_contents_are_unique_per_account(api):
    api.registerUserData(name="init", userdata=encoded("one"))
    error = api_error(api.registerUserData, name="init", userdata=encoded("two"))
    assert (error["errorcode"], error["errortext"]) == (431, "A userdata with name init already exists for this account.")
    error = api_error(api.registerUserData, name="copy", userdata=encoded("one"))
    assert error["errortext"] == "Userdata init with same content already exists for this account."
    error = api_error(api.registerUserData, name="bad", userdata="not base64!")
    assert error["errorcode"] == 431 and "base64" in error["errortext"]


def test_owners_account_and_project(api):
    domain = api.listDomains(name="ROOT")["domain"][0]
    api.createAccount(username="ud-user", password="p", email="u@example.com", firstname="U", lastname="D",
                      accounttype=0, account="ud-acct", domainid=domain["id"])
    project = api.createProject(name="ud-project", displaytext="p")["project"]
    owned = api.registerUserData(name="init", userdata=encoded("acct"), account="ud-acct",
                                 domainid=domain["id"])["userdata"]
    in_project = api.registerUserData(name="init", userdata=encoded("prj"), projectid=project["id"])["userdata"]
    assert owned["account"] == "ud-acct" and in_project["project"] == "ud-project"
    assert api.listUserData(name="init") == {}  # the caller's own only
    assert [u["id"] for u in api.listUserData(name="init", listall=True)["userdata"]] == [owned["id"]]
    assert [u["id"] for u in api.listUserData(account="ud-acct", domainid=domain["id"])["userdata"]] == [owned["id"]]
    assert [u["id"] for u in api.listUserData(projectid=project["id"])["userdata"]] == [in_project["id"]]
    assert api.deleteUserData(id=in_project["id"], projectid=project["id"])["success"] in (True, "true")
    assert api.listUserData(projectid=project["id"]) == {}
