"""config.resolve_config: option > environment > ini region, and clear errors."""
import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.config import CloudStackConfigError, resolve_config

ENV = ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET", "CLOUDSTACK_TIMEOUT", "CLOUDSTACK_VERIFY",
       "CLOUDSTACK_METHOD", "CLOUDSTACK_REGION", "CLOUDSTACK_CONFIG", "CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY")
CONNECTION = {"api_url": "https://cloud.example/client/api", "api_key": "k", "api_secret": "s"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "cs.ini"
    path.write_text("[cloudstack]\nendpoint = http://ini/client/api\nkey = ini-key\nsecret = ini-secret\ntimeout = 30\n"
                    "[lab]\nendpoint = http://lab/client/api\nkey = lab-key\nsecret = lab-secret\nmethod = POST\nverify = false\n")
    return str(path)


def test_options_win_over_env_and_ini(monkeypatch, ini):
    monkeypatch.setenv("CLOUDSTACK_CONFIG", ini)
    monkeypatch.setenv("CLOUDSTACK_KEY", "env-key")
    cfg = resolve_config({"api_url": "http://opt/client/api", "api_secret": None})
    assert cfg["endpoint"] == "http://opt/client/api"
    assert cfg["key"] == "env-key"
    assert cfg["secret"] == "ini-secret" and cfg["timeout"] == 30 and cfg["method"] == "get"
    assert cfg["name"] == "cloudstack"


def test_region_from_env_and_option(monkeypatch, ini):
    monkeypatch.setenv("CLOUDSTACK_REGION", "lab")
    cfg = resolve_config({"api_config": ini})
    assert (cfg["endpoint"], cfg["key"], cfg["method"], cfg["verify"]) == ("http://lab/client/api", "lab-key", "post", False)
    assert cfg["dangerous_no_tls_verify"] is True
    assert resolve_config({"api_config": ini, "api_region": "cloudstack"})["key"] == "ini-key"


def test_env_only(monkeypatch, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    for name, value in (("CLOUDSTACK_ENDPOINT", "http://env/client/api"), ("CLOUDSTACK_KEY", "k"),
                        ("CLOUDSTACK_SECRET", "s"), ("CLOUDSTACK_TIMEOUT", "5"), ("CLOUDSTACK_VERIFY", str(bundle))):
        monkeypatch.setenv(name, value)
    cfg = resolve_config({})
    assert (cfg["endpoint"], cfg["timeout"], cfg["verify"]) == ("http://env/client/api", 5, str(bundle))
    assert cfg["dangerous_no_tls_verify"] is False


def test_missing_settings_are_named():
    with pytest.raises(CloudStackConfigError) as err:
        resolve_config({"api_url": "http://x/client/api"})
    assert "api_key (env CLOUDSTACK_KEY, ini key key)" in str(err.value)
    assert "api_secret" in str(err.value) and "api_url" not in str(err.value)


def test_unknown_region_and_missing_file(ini):
    with pytest.raises(CloudStackConfigError) as err:
        resolve_config({"api_config": ini, "api_region": "nope"})
    assert "'nope'" in str(err.value) and "cloudstack, lab" in str(err.value)
    with pytest.raises(CloudStackConfigError) as err:
        resolve_config({"api_config": "/nonexistent.ini"})
    assert "/nonexistent.ini" in str(err.value)


def test_bad_values(ini):
    with pytest.raises(CloudStackConfigError, match="api_timeout"):
        resolve_config({"api_config": ini, "api_timeout": "soon"})
    with pytest.raises(CloudStackConfigError, match="api_http_method"):
        resolve_config({"api_config": ini, "api_http_method": "put"})


@pytest.mark.parametrize("value", ["maybe", "/no/such/ca.pem", ""])
def test_verify_must_be_a_boolean_or_a_ca_bundle_file(value):
    if value == "":  # empty means unset: verified
        assert resolve_config(dict(CONNECTION, api_verify_ssl_cert=value))["verify"] is True
        return
    with pytest.raises(CloudStackConfigError) as err:
        resolve_config(dict(CONNECTION, api_verify_ssl_cert=value))
    assert "api_verify_ssl_cert (CLOUDSTACK_VERIFY, ini key verify)" in str(err.value) and repr(value) in str(err.value)


def test_verify_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv("CLOUDSTACK_VERIFY", "yes please")
    with pytest.raises(CloudStackConfigError, match="CLOUDSTACK_VERIFY.*'yes please'"):
        resolve_config(CONNECTION)


@pytest.mark.parametrize("value", [0, -5, "0", "ten", "2.5"])
def test_timeout_must_be_a_whole_number_above_zero(value):
    with pytest.raises(CloudStackConfigError) as err:
        resolve_config(dict(CONNECTION, api_timeout=value))
    assert str(err.value).startswith("api_timeout (CLOUDSTACK_TIMEOUT, ini key timeout) must be a whole number")
    assert repr(value) in str(err.value)


def tls(cfg):
    return cfg["verify"], cfg["dangerous_no_tls_verify"]


def test_certificates_are_verified_unless_something_turns_it_off(monkeypatch, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    assert tls(resolve_config(CONNECTION)) == (True, False)
    assert tls(resolve_config(dict(CONNECTION, validate_certs=True))) == (True, False)
    assert tls(resolve_config(dict(CONNECTION, api_verify_ssl_cert=str(bundle)))) == (str(bundle), False)
    assert tls(resolve_config(dict(CONNECTION, validate_certs=False))) == (False, True)
    assert tls(resolve_config(dict(CONNECTION, validate_certs=False, api_verify_ssl_cert=str(bundle)))) == (False, True)
    assert tls(resolve_config(dict(CONNECTION, api_verify_ssl_cert="no"))) == (False, True)
    monkeypatch.setenv("CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY", "true")
    assert tls(resolve_config(dict(CONNECTION, validate_certs=True))) == (False, True)
    monkeypatch.setenv("CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY", "false")
    assert tls(resolve_config(CONNECTION)) == (True, False)
    monkeypatch.setenv("CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY", "sometimes")
    with pytest.raises(CloudStackConfigError, match="CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY .* got 'sometimes'"):
        resolve_config(CONNECTION)


def test_tls_opt_out_from_the_ini(tmp_path):
    path = tmp_path / "cs.ini"
    path.write_text("[cloudstack]\nendpoint = https://ini/client/api\nkey = k\nsecret = s\n"
                    "dangerous_no_tls_verify = true\n")
    assert tls(resolve_config({"api_config": str(path)})) == (False, True)
