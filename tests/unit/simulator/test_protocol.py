"""The protocol layer: signatures, sessions, catalogue validation and the CloudStack error format."""
import base64
import datetime
import hashlib
import hmac

import requests

from conftest import api_error, client, raw, sign


def test_cs_client_signs_get_and_post(shared_simulator):
    for method in ("get", "post"):
        zones = client(shared_simulator, method=method).listZones()
        assert sorted(z["name"] for z in zones["zone"]) == ["Sandbox-simulator-advanced", "Sandbox-simulator-basic"]


def test_hand_signed_get_and_form_post(shared_simulator):
    for method in ("GET", "POST"):
        status, body = raw(shared_simulator, method, command="listZones", name="Sandbox-simulator-basic")
        assert status == 200
        assert [z["name"] for z in body["listzonesresponse"]["zone"]] == ["Sandbox-simulator-basic"]


def test_bad_key_and_bad_signature_are_401(shared_simulator):
    for kwargs in ({"key": "no-such-key"}, {"secret": "wrong-secret"}):
        status, body = raw(shared_simulator, command="listZones", **kwargs)
        assert status == 401
        assert body["listzonesresponse"]["errorcode"] == 401
        assert body["listzonesresponse"]["errortext"] == "unable to verify user credentials and/or request signature"


def test_unsigned_request_is_401(shared_simulator):
    params = {"command": "listZones", "response": "json", "apiKey": shared_simulator.key}
    response = requests.get(shared_simulator.endpoint, params=params, timeout=30)
    assert response.status_code == 401


def test_signature_version_3_expiry(shared_simulator):
    past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime(
        "%Y-%m-%dT%H:%M:%S%z")
    status = raw(shared_simulator, command="listZones", signatureVersion="3", expires=past)[0]
    assert status == 401
    future = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)).strftime(
        "%Y-%m-%dT%H:%M:%S%z")
    status = raw(shared_simulator, command="listZones", signatureVersion="3", expires=future)[0]
    assert status == 200


def test_signature_over_lower_cased_key_order_is_accepted(shared_simulator):
    params = {"command": "listZones", "response": "json", "apiKey": shared_simulator.key,
              "Name": "Sandbox-simulator-basic"}
    unsigned = "&".join("%s=%s" % (k, params[k]) for k in sorted(params, key=str.lower))
    digest = hmac.new(shared_simulator.secret.encode(), unsigned.lower().encode(), hashlib.sha1).digest()
    params["signature"] = base64.b64encode(digest).decode()
    assert requests.get(shared_simulator.endpoint, params=params, timeout=30).status_code == 200


def test_unknown_command_is_432(shared_simulator):
    status, body = raw(shared_simulator, command="frobnicateZones")
    assert status == 432
    assert body["frobnicatezonesresponse"] == {
        "uuidList": [], "errorcode": 432, "cserrorcode": 9999,
        "errortext": "The given command does not exist or it is not available for the user"}


def test_missing_required_parameter_is_431(shared_api):
    error = api_error(shared_api.deployVirtualMachine, zoneid="4a8d4d1c-0000-4000-8000-000000000000",
                      templateid="4a8d4d1c-0000-4000-8000-000000000000")
    assert error["errorcode"] == 431
    assert error["errortext"] == ("Unable to execute API command deployvirtualmachine due to missing parameter "
                                  "serviceofferingid")


def test_bad_uuid_and_unknown_id_are_431(shared_api):
    for value in ("not-a-uuid", "4a8d4d1c-0000-4000-8000-000000000000"):
        error = api_error(shared_api.listZones, id=value)
        assert error["errorcode"] == 431
        assert error["errortext"] == (
            "Unable to execute API command listzones due to invalid value. Invalid parameter id value=%s due to "
            "incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the "
            "field in api cmd class." % value)


def test_bad_integer_and_boolean_are_431(shared_api):
    error = api_error(shared_api.listZones, pagesize="ten", page=1)
    assert (error["errorcode"], error["errortext"]) == (
        431, "Unable to execute API command listzones due to invalid value ten for parameter pagesize")
    error = api_error(shared_api.listZones, available="maybe")
    assert error["errorcode"] == 431 and "available" in error["errortext"]


def test_unknown_parameter_strict_and_lenient(start_simulator):
    strict = start_simulator()
    error = api_error(client(strict).listZones, colour="blue")
    assert error["errorcode"] == 431 and "colour" in error["errortext"]
    lenient = start_simulator(strict=False)
    assert client(lenient).listZones(colour="blue")["count"] == 2


def test_map_parameters_are_parsed(api, world):
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], name="mapped")["virtualmachine"]
    pairs = [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    api.createTags(resourceids=vm["id"], resourcetype="UserVm", tags=pairs)
    tags = api.listTags(resourceid=vm["id"])["tag"]
    assert sorted((t["key"], t["value"]) for t in tags) == [("a", "1"), ("b", "2")]


def test_login_session_and_logout(simulator):
    session = requests.Session()
    response = session.post(simulator.endpoint, data={"command": "login", "username": "admin",
                                                      "password": "password", "domain": "/", "response": "json"})
    assert response.status_code == 200
    login = response.json()["loginresponse"]
    assert login["username"] == "admin" and "JSESSIONID" in session.cookies
    params = {"command": "listZones", "response": "json", "sessionkey": login["sessionkey"]}
    assert session.get(simulator.endpoint, params=params).json()["listzonesresponse"]["count"] == 2
    # the session key alone, without the session cookie, is not enough
    assert requests.get(simulator.endpoint, params=params, timeout=30).status_code == 401
    # the cookies alone are (the sessionkey cookie stands for the parameter)
    cookie_only = {"command": "listZones", "response": "json"}
    assert session.get(simulator.endpoint, params=cookie_only).json()["listzonesresponse"]["count"] == 2
    session.get(simulator.endpoint, params=dict(params, command="logout"))
    assert session.get(simulator.endpoint, params=params).status_code == 401


def test_login_with_wrong_password_is_531(shared_simulator):
    form = {"command": "login", "username": "admin", "password": "nope", "response": "json"}
    response = requests.post(shared_simulator.endpoint, data=form, timeout=30)
    assert response.status_code == 531
    assert response.json()["loginresponse"]["errortext"].startswith("Failed to authenticate user admin")


def test_list_apis_describes_implemented_commands(shared_api):
    apis = shared_api.listApis()["api"]
    names = {a["name"] for a in apis}
    assert {"deployVirtualMachine", "listZones", "queryAsyncJobResult"} <= names
    deploy = shared_api.listApis(name="deployVirtualMachine")["api"][0]
    assert deploy["isasync"] is True
    assert {"name": "zoneid", "required": True} == {k: v for k, v in next(
        p for p in deploy["params"] if p["name"] == "zoneid").items() if k in ("name", "required")}
    for unknown in ("listZone", "listzones"):  # names are exact
        error = api_error(shared_api.listApis, name=unknown)
        assert (error["errorcode"], error["errortext"]) == (
            530, "Api Discovery plugin was unable to find an api by that name or process any apis")


def test_sign_helper_matches_cs(shared_simulator):
    params = {"command": "listZones", "apiKey": "k", "response": "json", "name": "a b*c"}
    from cs.client import CloudStack as Client
    cs = Client(endpoint=shared_simulator.endpoint, key="k", secret="s")
    signed = dict(params)
    cs._sign(signed)
    assert signed["signature"] == sign(params, "s")
