"""config.resolve_config: option > environment > ini region, and clear errors."""
import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.config import CloudStackConfigError, resolve_config

ENV = ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET", "CLOUDSTACK_TIMEOUT", "CLOUDSTACK_VERIFY",
       "CLOUDSTACK_METHOD", "CLOUDSTACK_REGION", "CLOUDSTACK_CONFIG")


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


def test_env_only():
    import os
    os.environ.update(CLOUDSTACK_ENDPOINT="http://env/client/api", CLOUDSTACK_KEY="k", CLOUDSTACK_SECRET="s",
                      CLOUDSTACK_TIMEOUT="5", CLOUDSTACK_VERIFY="/etc/ca.pem")
    cfg = resolve_config({})
    assert (cfg["endpoint"], cfg["timeout"], cfg["verify"]) == ("http://env/client/api", 5, "/etc/ca.pem")


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
