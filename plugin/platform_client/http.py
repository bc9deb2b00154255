"""One HTTP exchange through QGIS networking, and the errors a platform can give.

Every request goes through :class:`qgis.core.QgsBlockingNetworkRequest`, so the QGIS proxy,
certificates and authentication configurations apply. It blocks: call it from a ``QgsTask``, a
Processing algorithm or a test, never from a slot of the dock (the dock wraps calls in tasks).

Credentials come only from the QGIS authentication database:

- a ``Basic`` (or any QGIS) authcfg is applied by QGIS itself (``setAuthCfg``);
- a *bearer token* (QGIS 3.22 has no "API header" method) is kept as the password of a Basic
  authcfg whose user name is :data:`BEARER_USER`; the client loads it from the auth database and
  sends ``Authorization: Bearer <token>``. The token never goes to settings, projects or logs.

Whatever the server answers — HTML error pages, malformed JSON, 5xx, timeouts, a refused
connection — comes back as a :class:`PlatformError` with a stable ``code``, a translated
``message`` and ``retryable`` set for transient failures (network, timeout, 5xx, 429), so
callers (the outbox above all) can decide to retry without losing anything.
"""

import json
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsBlockingNetworkRequest, QgsFeedback
from qgis.PyQt.QtCore import QByteArray, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ...processing.i18n import tr

BEARER_USER = "__bearer__"
JSON_TYPES = ("application/json", "application/geo+json", "application/schema+json")


@dataclass
class HttpResponse:
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    url: str = ""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self):
        """The body parsed as JSON, or a :class:`PlatformError` (HTML page, malformed JSON)."""
        return parse_json(self)


class PlatformError(Exception):
    """A failed exchange with the platform: ``code`` is stable, ``message`` is translated."""

    RETRYABLE = {"network", "timeout", "server_error", "rate_limited", "malformed", "html_error"}

    def __init__(self, code: str, message: str, status: int = 0, url: str = "", detail: str = ""):
        self.code = code
        self.message = message
        self.status = status
        self.url = url
        self.detail = detail
        super().__init__(message)

    @property
    def retryable(self) -> bool:
        if self.code in ("malformed", "html_error"):
            # a garbled answer to a GET or a 2xx is transient (proxy, restart); a 4xx page is not
            return self.status == 0 or self.status >= 500 or 200 <= self.status < 300
        return self.code in self.RETRYABLE


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def server_message(body: bytes) -> str:
    """The ``description``/``detail`` of an OGC exception body, or ''."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict):
        for key in ("description", "detail", "message", "error_description", "title", "code"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return _short(value)
            if isinstance(value, list):  # e.g. pydantic/ninja: [{"msg": ...}, ...]
                texts = [str(v.get("msg")) for v in value if isinstance(v, dict) and v.get("msg")]
                if texts:
                    return _short("; ".join(texts))
    return ""


def is_html(response: HttpResponse) -> bool:
    ctype = response.header("content-type").lower()
    start = response.body[:200].lstrip().lower()
    return "html" in ctype or start.startswith(b"<!doctype html") or start.startswith(b"<html")


def parse_json(response: HttpResponse):
    host = host_of(response.url)
    if is_html(response):
        raise PlatformError(
            "html_error",
            tr("The platform at {host} answered with a web page instead of data (HTTP {status}).").format(
                host=host, status=response.status
            ),
            response.status,
            response.url,
        )
    try:
        return json.loads(response.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise PlatformError(
            "malformed",
            tr("The platform at {host} sent data that is not valid JSON (HTTP {status}).").format(
                host=host, status=response.status
            ),
            response.status,
            response.url,
            str(error),
        ) from error


def status_error(response: HttpResponse) -> PlatformError:
    """A :class:`PlatformError` for an HTTP error status, with the server's own words if any."""
    status = response.status
    host = host_of(response.url)
    said = "" if is_html(response) else server_message(response.body)
    challenge = response.header("www-authenticate").lower()
    text = (said + " " + challenge).lower()
    if status == 401:
        if "expired" in text:
            code = "token_expired"
            message = tr(
                "The access token for {host} has expired (HTTP 401). Ask the platform administrator "
                "for a new token and store it in the connection's authentication configuration."
            )
        elif challenge.startswith("bearer") or "invalid_token" in text:
            code = "token_invalid"
            message = tr(
                "The platform at {host} does not accept this access token (HTTP 401). Check the token "
                "stored in the connection's authentication configuration."
            )
        else:
            code = "auth_failed"
            message = tr(
                "The platform at {host} refused the user name or password (HTTP 401). Check the "
                "connection's authentication configuration."
            )
    elif status == 403:
        code = "forbidden"
        message = tr("Your account may not do this on the platform at {host} (HTTP 403).")
    elif status == 404:
        code = "not_found"
        message = tr("Not found on the platform at {host} (HTTP 404): {url}")
    elif status in (409, 412):
        code = "conflict"
        message = tr(
            "Someone else changed this feature on the platform at {host} since you loaded it (HTTP {status})."
        )
    elif status == 429:
        code = "rate_limited"
        message = tr("The platform at {host} is busy (HTTP 429); the request will be retried later.")
    elif status >= 500:
        code = "server_error"
        message = tr("The platform at {host} had an internal problem (HTTP {status}); try again later.")
    else:
        code = "rejected"
        message = tr("The platform at {host} rejected the request (HTTP {status}).")
    message = message.format(host=host, status=status, url=response.url)
    if said:
        message += " " + tr("Server said: {text}").format(text=said)
    return PlatformError(code, message, status, response.url, said)


class HttpClient:
    """Blocking HTTP with QGIS networking and auth, returning :class:`HttpResponse`."""

    def __init__(self, authcfg: str = "", timeout_ms: int = 30000, user_agent: str = "community_governance"):
        self.authcfg = authcfg or ""
        self.timeout_ms = int(timeout_ms)
        self.user_agent = user_agent
        self._bearer = None  # (authcfg, token) loaded lazily from the auth database

    # -- auth ----------------------------------------------------------------------------------
    def _bearer_token(self) -> Optional[str]:
        if not self.authcfg:
            return None
        if self._bearer is not None and self._bearer[0] == self.authcfg:
            return self._bearer[1]
        manager = QgsApplication.authManager()
        config = QgsAuthMethodConfig()
        ok = manager.loadAuthenticationConfig(self.authcfg, config, True)
        if not ok or not config.isValid():
            raise PlatformError(
                "auth_config",
                tr(
                    "The authentication configuration “{authcfg}” cannot be read: it is missing, or the "
                    "QGIS master password was not given."
                ).format(authcfg=self.authcfg),
            )
        token = None
        if config.method() == "Basic" and config.config("username") == BEARER_USER:
            token = config.config("password")
        self._bearer = (self.authcfg, token)
        return token

    def uses_bearer(self) -> bool:
        return bool(self._bearer_token())

    # -- requests ------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        body: Optional[bytes] = None,
        headers: Optional[dict] = None,
        feedback: Optional[QgsFeedback] = None,
        accept: str = "application/geo+json, application/json;q=0.9",
    ) -> HttpResponse:
        """Send one request; return the response for 2xx/3xx, raise :class:`PlatformError` otherwise."""
        method = method.upper()
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(b"Accept", accept.encode())
        request.setRawHeader(b"User-Agent", self.user_agent.encode())
        request.setAttribute(
            QNetworkRequest.Attribute.CacheLoadControlAttribute,
            QNetworkRequest.CacheLoadControl.AlwaysNetwork,
        )
        if self.timeout_ms > 0 and hasattr(request, "setTransferTimeout"):
            request.setTransferTimeout(self.timeout_ms)
        for name, value in (headers or {}).items():
            request.setRawHeader(name.encode(), str(value).encode())
        blocking = QgsBlockingNetworkRequest()
        token = self._bearer_token() if self.authcfg else None
        if token:
            request.setRawHeader(b"Authorization", b"Bearer " + token.encode())
        elif self.authcfg:
            blocking.setAuthCfg(self.authcfg)
        data = QByteArray(body or b"")
        if method == "GET":
            error = blocking.get(request, True, feedback)
        elif method == "HEAD":
            error = blocking.head(request, True, feedback)
        elif method == "POST":
            error = blocking.post(request, data, True, feedback)
        elif method == "PUT":
            error = blocking.put(request, data, feedback)
        elif method == "DELETE":
            error = blocking.deleteResource(request, feedback)
        else:
            raise ValueError(f"unsupported method {method}")
        reply = blocking.reply()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        status = int(status) if status else 0
        response = HttpResponse(
            status=status,
            headers={
                bytes(k).decode("latin-1").lower(): bytes(reply.rawHeader(k)).decode("latin-1")
                for k in reply.rawHeaderList()
            },
            body=bytes(reply.content()),
            url=url,
        )
        host = host_of(url)
        if feedback is not None and feedback.isCanceled():
            raise PlatformError("cancelled", tr("Cancelled by the user."), status, url)
        if status >= 400:
            raise status_error(response)
        qt_error = reply.error()
        if 200 <= status < 400:
            # 3.22 reports an empty 2xx GET body as an error ("empty response"): the status decides
            return response
        if (
            error == QgsBlockingNetworkRequest.ErrorCode.NoError
            and qt_error == QNetworkReply.NetworkError.NoError
        ):
            return response
        # QgsBlockingNetworkRequest reports an aborted reply (our transfer timeout) as NoError
        timed_out = error == QgsBlockingNetworkRequest.ErrorCode.TimeoutError or qt_error in (
            QNetworkReply.NetworkError.OperationCanceledError,
            QNetworkReply.NetworkError.TimeoutError,
        )
        if timed_out:
            raise PlatformError(
                "timeout",
                tr("The platform at {host} did not answer in time ({seconds} s).").format(
                    host=host, seconds=round(self.timeout_ms / 1000)
                ),
                status,
                url,
            )
        detail = blocking.errorMessage() or reply.errorString()
        raise PlatformError(
            "network",
            tr("Cannot reach the platform at {host}: {detail}").format(host=host, detail=_short(detail)),
            status,
            url,
            detail,
        )

    def get_json(self, url: str, feedback: Optional[QgsFeedback] = None, accept: str = "application/json"):
        response = self.request("GET", url, feedback=feedback, accept=accept)
        return response.json(), response
