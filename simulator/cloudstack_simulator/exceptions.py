"""CloudStack errors and their wire format: the only module that knows how an error looks on the wire.

HTTP status = CloudStack's ApiErrorCode; `cserrorcode` is the code CloudStack's CSExceptionErrorCode
assigns to the Java exception that real CloudStack would have thrown.
"""

UNAUTHORIZED = 401
METHOD_NOT_ALLOWED = 405
API_LIMIT_EXCEEDED = 429
MALFORMED_PARAMETER = 430
PARAM_ERROR = 431
UNSUPPORTED_ACTION = 432
INTERNAL_ERROR = 530
ACCOUNT_ERROR = 531
ACCOUNT_RESOURCE_LIMIT_ERROR = 532
INSUFFICIENT_CAPACITY_ERROR = 533
RESOURCE_UNAVAILABLE_ERROR = 534
RESOURCE_ALLOCATION_ERROR = 535
RESOURCE_IN_USE_ERROR = 536
NETWORK_RULE_CONFLICT_ERROR = 537

# CSExceptionErrorCode values of the exceptions behind each kind of error.
CS_SERVER_API = 9999
CS_CLOUD_RUNTIME = 4250
CS_INSUFFICIENT_CAPACITY = 4325
CS_INSUFFICIENT_ADDRESS_CAPACITY = 4320
CS_INVALID_PARAMETER_VALUE = 4350
CS_NETWORK_RULE_CONFLICT = 4360
CS_PERMISSION_DENIED = 4365
CS_RESOURCE_ALLOCATION = 4370
CS_RESOURCE_IN_USE = 4375
CS_RESOURCE_UNAVAILABLE = 4380
CS_REQUEST_LIMIT = 4545

UNKNOWN_COMMAND_TEXT = "The given command does not exist or it is not available for the user"
BAD_CREDENTIALS_TEXT = "unable to verify user credentials and/or request signature"


class ApiError(Exception):
    """An error CloudStack reports to the caller (in the HTTP response or a failed job's result)."""

    def __init__(self, errorcode, errortext, cserrorcode=CS_SERVER_API):
        super().__init__(errortext)
        self.errorcode = errorcode
        self.errortext = errortext
        self.cserrorcode = cserrorcode

    def body(self):
        return {"uuidList": [], "errorcode": self.errorcode, "cserrorcode": self.cserrorcode,
                "errortext": self.errortext}

    def wire(self, command):
        """(HTTP status, JSON document) as CloudStack answers for `command`."""
        key = (command or "").lower() + "response" if command else "errorresponse"
        return self.errorcode, {key: self.body()}


def invalid(text):
    """InvalidParameterValueException: a value that CloudStack refuses (431)."""
    return ApiError(PARAM_ERROR, text, CS_INVALID_PARAMETER_VALUE)


def missing_parameter(command, name):
    return ApiError(PARAM_ERROR, "Unable to execute API command %s due to missing parameter %s"
                    % (command.lower(), name))


def invalid_uuid(command, name, value):
    return ApiError(PARAM_ERROR, "Unable to execute API command %s due to invalid value. Invalid parameter %s "
                    "value=%s due to incorrect long value format, or entity does not exist or due to "
                    "incorrect parameter annotation for the field in api cmd class." % (command.lower(), name, value))


def invalid_type(command, name, value):
    return ApiError(PARAM_ERROR, "Unable to execute API command %s due to invalid value %s for parameter %s"
                    % (command.lower(), value, name))


def invalid_date(command, value):
    return ApiError(PARAM_ERROR, "Invalid date parameter %s passed to command %s" % (value, command.lower()))


def unknown_parameter(command, name):
    return ApiError(PARAM_ERROR, "Received unknown parameters for command %s. Unknown parameters : %s"
                    % (command.lower(), name))


def unknown_command():
    return ApiError(UNSUPPORTED_ACTION, UNKNOWN_COMMAND_TEXT)


def unavailable_command(command, account_name):
    """UnavailableCommandException of an API access checker (a role that does not allow the command)."""
    return ApiError(UNSUPPORTED_ACTION, "The API [%s] does not exist or is not available for the account %s."
                    % (command, account_name))


def unauthorized(text=BAD_CREDENTIALS_TEXT):
    return ApiError(UNAUTHORIZED, text)


def permission_denied(text):
    return ApiError(ACCOUNT_ERROR, text, CS_PERMISSION_DENIED)


def in_use(text):
    return ApiError(RESOURCE_IN_USE_ERROR, text, CS_RESOURCE_IN_USE)


def insufficient_capacity(text):
    return ApiError(INSUFFICIENT_CAPACITY_ERROR, text, CS_INSUFFICIENT_CAPACITY)


def resource_limit(text):
    """ResourceAllocationException of ResourceLimitManagerImpl: an owner over a resource limit (532)."""
    return ApiError(ACCOUNT_RESOURCE_LIMIT_ERROR, text, CS_RESOURCE_ALLOCATION)


def resource_allocation(text):
    return ApiError(RESOURCE_ALLOCATION_ERROR, text, CS_RESOURCE_ALLOCATION)


def network_rule_conflict(text):
    return ApiError(NETWORK_RULE_CONFLICT_ERROR, text, CS_NETWORK_RULE_CONFLICT)


def internal(text):
    return ApiError(INTERNAL_ERROR, text, CS_CLOUD_RUNTIME)


def rate_limited():
    return ApiError(API_LIMIT_EXCEEDED, "There are too many api calls in the last minute, please try again later",
                    CS_REQUEST_LIMIT)
