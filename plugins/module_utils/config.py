# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the connection settings come from: module options, then environment, then cloudstack.ini.

Shared by the modules and the inventory plugin. Each value is taken from the first place that
has it: the option (``api_url``...), the environment (``CLOUDSTACK_ENDPOINT``...), then the
region section (default ``cloudstack``) of the ini files ``cs`` reads: ``~/.cloudstack.ini``,
``./cloudstack.ini`` and ``CLOUDSTACK_CONFIG`` (or the ``api_config`` option), later files winning.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

try:
    from configparser import ConfigParser, Error as ConfigParserError
except ImportError:  # pragma: no cover - Python 2 is not supported by cs either
    from ConfigParser import ConfigParser, Error as ConfigParserError

DEFAULT_REGION = "cloudstack"
DEFAULT_TIMEOUT = 10
DEFAULT_METHOD = "get"

# option name -> (environment variable, ini key, keyword of cs.CloudStack)
SETTINGS = (
    ("api_url", "CLOUDSTACK_ENDPOINT", "endpoint"),
    ("api_key", "CLOUDSTACK_KEY", "key"),
    ("api_secret", "CLOUDSTACK_SECRET", "secret"),
    ("api_timeout", "CLOUDSTACK_TIMEOUT", "timeout"),
    ("api_http_method", "CLOUDSTACK_METHOD", "method"),
    ("api_verify_ssl_cert", "CLOUDSTACK_VERIFY", "verify"),
)
# ini keys passed through to cs.CloudStack as they are (client certificates)
INI_PASSTHROUGH = ("cert", "cert_key")
# the TLS opt-out as cs reads it: environment variable, ini key
NO_TLS_VERIFY = ("CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY", "dangerous_no_tls_verify")
TRUE_STRINGS = ("1", "true", "yes", "on", "y", "t")
FALSE_STRINGS = ("0", "false", "no", "off", "n", "f")


class CloudStackConfigError(Exception):
    """The connection settings are incomplete or invalid; the message says which and where to set them."""


def ini_paths(config_file=None):
    """The ini files read, in order (later wins), as cs reads them."""
    paths = [os.path.join(os.path.expanduser("~"), ".cloudstack.ini"), os.path.join(os.getcwd(), "cloudstack.ini")]
    if config_file:
        paths.append(os.path.expanduser(config_file))
    return paths


def read_region(region, config_file=None, region_required=False):
    """Return (settings of the region section, files read). Missing files or section give {}."""
    paths = ini_paths(config_file)
    if config_file and not os.path.isfile(paths[-1]):
        raise CloudStackConfigError("the CloudStack config file %s (api_config or CLOUDSTACK_CONFIG) does not exist" % paths[-1])
    parser = ConfigParser(interpolation=None)
    try:
        read = parser.read(paths)
    except ConfigParserError as exc:
        raise CloudStackConfigError("cannot parse CloudStack config file: %s" % exc)
    if not parser.has_section(region):
        if region_required:
            raise CloudStackConfigError(
                "region %r (api_region or CLOUDSTACK_REGION) is not a section of %s; sections: %s"
                % (region, ", ".join(read) or "any config file (none found: %s)" % ", ".join(paths),
                   ", ".join(parser.sections()) or "none"))
        return {}, read
    return dict((k, v) for k, v in parser.items(region) if v != ""), read


def to_bool(value):
    """A boolean, or a boolean written as text; None for anything else."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in TRUE_STRINGS else False if text in FALSE_STRINGS else None


def to_verify(value):
    """api_verify_ssl_cert / CLOUDSTACK_VERIFY / ini verify: a boolean or the path of a CA bundle file."""
    flag = to_bool(value)
    if flag is not None:
        return flag
    path = os.path.expanduser(str(value).strip())
    if not os.path.isfile(path):
        raise CloudStackConfigError(
            "api_verify_ssl_cert (CLOUDSTACK_VERIFY, ini key verify) must be true, false or the path of a CA bundle "
            "file, got %r, which is not a file" % value)
    return path


def to_timeout(value):
    """api_timeout / CLOUDSTACK_TIMEOUT / ini timeout: a whole number of seconds above 0 (cs takes an int)."""
    try:
        seconds = int(str(value).strip())
    except ValueError:
        seconds = None
    if seconds is None or seconds <= 0:
        raise CloudStackConfigError(
            "api_timeout (CLOUDSTACK_TIMEOUT, ini key timeout) must be a whole number of seconds greater than 0, "
            "got %r" % value)
    return seconds


def tls_opt_out(ini):
    """True when CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY (else the ini key dangerous_no_tls_verify) says so."""
    env, key = NO_TLS_VERIFY
    value = os.environ.get(env) or ini.get(key)
    if not value:
        return False
    flag = to_bool(value)
    if flag is None:
        raise CloudStackConfigError("%s (ini key %s) must be true or false, got %r" % (env, key, value))
    return flag


def resolve_config(options):
    """Merge options > environment > ini region into keyword arguments for cs.CloudStack.

    ``options`` may hold api_url, api_key, api_secret, api_timeout, api_verify_ssl_cert,
    api_region, api_config, api_http_method, validate_certs (None means unset). Raises
    CloudStackConfigError.

    TLS certificates are verified (against api_verify_ssl_cert's CA bundle when it names one)
    unless one of these turns it off: validate_certs false, api_verify_ssl_cert false (option,
    CLOUDSTACK_VERIFY or ini verify), CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY true (else ini
    dangerous_no_tls_verify true).
    """
    options = options or {}
    region_option = options.get("api_region") or os.environ.get("CLOUDSTACK_REGION")
    region = region_option or DEFAULT_REGION
    config_file = options.get("api_config") or os.environ.get("CLOUDSTACK_CONFIG")

    resolved = {}
    for option, env, key in SETTINGS:
        value = options.get(option)
        if value is None or value == "":
            value = os.environ.get(env) or None
        if value is not None:
            resolved[key] = value

    ini, read = {}, []
    if config_file or region_option or not all(k in resolved for k in ("endpoint", "key", "secret")):
        ini, read = read_region(region, config_file, region_required=bool(region_option))
    for _option, _env, key in SETTINGS:
        if key not in resolved and ini.get(key):
            resolved[key] = ini[key]
    for key in INI_PASSTHROUGH:
        if ini.get(key):
            resolved[key] = ini[key]

    missing = [(option, env, key) for option, env, key in SETTINGS[:3] if not resolved.get(key)]
    if missing:
        where = "region [%s] of %s" % (region, ", ".join(read)) if read else "a cloudstack.ini (none found: %s)" % ", ".join(ini_paths(config_file))
        raise CloudStackConfigError(
            "missing CloudStack connection setting(s): %s; set the option, the environment variable or the ini key in %s"
            % (", ".join("%s (env %s, ini key %s)" % item for item in missing), where))

    resolved["timeout"] = to_timeout(resolved.get("timeout", DEFAULT_TIMEOUT))
    method = str(resolved.get("method", DEFAULT_METHOD)).lower()
    if method not in ("get", "post"):
        raise CloudStackConfigError("api_http_method (CLOUDSTACK_METHOD) must be get or post, got %r" % method)
    resolved["method"] = method
    verify = to_verify(resolved.get("verify", True))
    if options.get("validate_certs") is False or verify is False or tls_opt_out(ini):
        resolved.update(verify=False, dangerous_no_tls_verify=True)
    else:
        resolved.update(verify=verify, dangerous_no_tls_verify=False)
    resolved["name"] = region
    return resolved
