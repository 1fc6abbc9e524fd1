"""What a handler sees of one API request: the caller, the typed parameters, lookups, settings."""
from . import exceptions

ACCOUNT_TYPE_USER, ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN, ACCOUNT_TYPE_PROJECT = 0, 1, 2, 5


class Context:
    def __init__(self, sim, command, params, user):
        self.sim = sim
        self.store = sim.store
        self.command = command
        self.params = params
        self.user = user
        self.account = sim.store.get("account", user["accountid"])

    @property
    def is_root_admin(self):
        return self.account["accounttype"] == ACCOUNT_TYPE_ADMIN

    def require_root_admin(self):
        if not self.is_root_admin:
            raise exceptions.unknown_command()

    def lookup(self, kind, name, value=None):
        """The record a uuid parameter names, or CloudStack's 431 for an id of nothing."""
        value = self.params.get(name) if value is None else value
        if value is None:
            return None
        record = self.store.get(kind, value)
        if record is None:
            raise exceptions.invalid_uuid(self.command, name, value)
        return record

    def setting(self, name, scope_id=None):
        """A global setting's value, or its value for a zone/cluster/account/... set with updateConfiguration."""
        from .models.common import setting  # pylint: disable=import-outside-toplevel  # models import this module
        return setting(self.store, name, scope_id)

    def setting_true(self, name, scope_id=None):
        return (self.setting(name, scope_id) or "").lower() == "true"

    def require_admin(self):
        """Commands of the root and domain admins' roles only: to a user they do not exist (432)."""
        if self.account["accounttype"] not in (ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN):
            raise exceptions.unknown_command()

    def check_domain(self, domainid):
        """DomainChecker.checkAccess: a domain admin acts in its domain and below, a user in its own domain."""
        if self.is_root_admin:
            return
        caller_domain = self.store.get("domain", self.account["domainid"])
        domain = self.store.get("domain", domainid)
        if self.account["accounttype"] == ACCOUNT_TYPE_DOMAIN_ADMIN:
            allowed = domain["_path"].startswith(caller_domain["_path"])
        else:
            allowed = domain["id"] == caller_domain["id"]
        if not allowed:
            raise exceptions.permission_denied("Account %s does not have permission to access domain %s"
                                               % (self.account["name"], domain["name"]))

    def check_access(self, account):
        """PermissionDenied unless the caller may act on resources of `account`."""
        if account["id"] == self.account["id"] or self.is_root_admin:
            return
        if self.account["accounttype"] == ACCOUNT_TYPE_DOMAIN_ADMIN:
            self.check_domain(account["domainid"])
            return
        raise exceptions.permission_denied("Caller %s does not have permission to operate with resource of account %s"
                                           % (self.account["name"], account["name"]))

    def check_owner(self, record):
        account = self.store.get("account", record.get("_accountid"))
        if account is None:
            return
        if account["accounttype"] == ACCOUNT_TYPE_PROJECT:
            project = self.store.first("project", _accountid=account["id"])
            if project in self.visible_projects():
                return
        self.check_access(account)

    def visible_projects(self):
        projects = self.store.all("project")
        if self.is_root_admin:
            return projects
        if self.account["accounttype"] == ACCOUNT_TYPE_DOMAIN_ADMIN:
            root = self.store.get("domain", self.account["domainid"])["_path"]
            return [p for p in projects if self.store.get("domain", p["domainid"])["_path"].startswith(root)]
        return [p for p in projects if self.account["id"] in p["_members"]]
