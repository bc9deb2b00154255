"""OGC SensorThings API (v1.0 / v1.1) client: Things, Datastreams, Observations.

Interface other parts of the plugin rely on (the Monitor tab, the indicator tools)::

    client = SensorThingsClient(base_url, authcfg="", timeout_ms=30000)
    client.things(filter=None) -> list[dict]
    client.datastreams(thing_id=None, filter=None) -> list[dict]
    client.observations(datastream_id, start=None, end=None, filter=None, feedback=None) -> list[dict]

``base_url`` is the versioned service root (e.g. ``http://127.0.0.1:8767/sensorthings/v1.1``).
``filter`` is an OData ``$filter`` expression; ``start``/``end`` (ISO 8601 text or ``datetime``)
restrict ``phenomenonTime`` (``ge start`` and ``lt end``). Every method follows
``@iot.nextLink`` until the server has no more pages, and returns the plain JSON entities
(``@iot.id``, ``name``, ``properties``, ``phenomenonTime``, ``result`` …).

All calls block (``QgsBlockingNetworkRequest``): use them from a ``QgsTask``, a Processing
algorithm or a test. Failures raise :class:`~.http.PlatformError` (translated, with a code).
``feedback`` (a ``QgsFeedback``) cancels between and during pages.
"""

import re
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import quote

from .http import HttpClient, PlatformError
from .ogcapi import with_query

MAX_PAGES = 10000


def _iso(value) -> str:
    """An instant as UTC ``...Z`` text: no ``+`` in URLs (some servers echo ``$filter`` unencoded
    into ``@iot.nextLink``, where a ``+08:00`` would turn into a space)."""
    moment = value
    if not isinstance(moment, datetime):
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def _id_literal(entity_id) -> str:
    """``42`` for numeric ids, ``'abc'`` for text ids (OData key syntax)."""
    text = str(entity_id)
    if text.lstrip("-").isdigit():
        return text
    return "'" + text.replace("'", "''") + "'"


def _top_limit(error: PlatformError) -> Optional[int]:
    """The server's maximum ``$top`` when it refused ours (400/422 naming $top), else ``None``."""
    if error.status not in (400, 422):
        return None
    text = error.detail or error.message
    match = re.search(r"\$top[^0-9]*(\d+)", text) or re.search(r"less than or equal to (\d+)", text)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _time_key(value) -> float:
    """Sort key of an ISO 8601 instant or interval start (unparseable last)."""
    text = str(value or "").split("/", 1)[0].replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return float("inf")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _and(*clauses) -> Optional[str]:
    parts = [c for c in clauses if c]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " and ".join(f"({c})" for c in parts)


class SensorThingsClient:
    def __init__(self, base_url: str, authcfg: str = "", timeout_ms: int = 30000, page_size: int = 100):
        self.base_url = base_url.rstrip("/")
        self.http = HttpClient(authcfg, timeout_ms)
        self.page_size = int(page_size)

    def url(self, path: str, params: Optional[dict] = None) -> str:
        url = f"{self.base_url}/{path}"
        if params:
            # OData wants %20 rather than '+' for spaces; quote keeps $ and ' readable
            query = "&".join(
                f"{k}={quote(str(v), safe=chr(39) + '$():,/')}" for k, v in params.items() if v is not None
            )
            url = f"{url}?{query}"
        return url

    def root(self, feedback=None) -> dict:
        # with the trailing slash: a server redirecting to it may send a relative Location,
        # which QgsBlockingNetworkRequest cannot follow
        data, _ = self.http.get_json(self.base_url + "/", feedback)
        return data

    def conformance(self, feedback=None) -> list:
        return list((self.root(feedback).get("serverSettings") or {}).get("conformance") or [])

    def _collect(self, url: str, feedback=None, progress=None) -> list:
        try:
            return self._collect_pages(url, feedback, progress)
        except PlatformError as error:
            limit = _top_limit(error)
            if limit is None or "$top=" not in url:
                raise
            # the server caps $top below our page size: ask again with its maximum
            self.page_size = limit
            return self._collect_pages(re.sub(r"\$top=\d+", f"$top={limit}", url), feedback, progress)

    def _collect_pages(self, url: str, feedback=None, progress=None) -> list:
        entities, seen, ids = [], set(), set()
        for _ in range(MAX_PAGES):
            if url in seen:
                break
            seen.add(url)
            data, response = self.http.get_json(url, feedback)
            if not isinstance(data, dict) or not isinstance(data.get("value"), list):
                from ...processing.i18n import tr

                raise PlatformError(
                    "malformed",
                    tr("The SensorThings service answered {url} without a list of entities.").format(url=url),
                    response.status,
                    url,
                )
            for entity in data["value"]:
                key = entity.get("@iot.id") if isinstance(entity, dict) else None
                if key is not None and key in ids:
                    continue  # a page boundary moved (unstable server order): no duplicates
                ids.add(key)
                entities.append(entity)
            if progress is not None:
                progress(len(entities), data.get("@iot.count"))
            url = data.get("@iot.nextLink")
            if not url or not data["value"]:
                break
        return entities

    def things(
        self, filter: Optional[str] = None, expand: Optional[str] = "Locations", feedback=None
    ) -> list:
        params = {"$top": self.page_size, "$filter": filter, "$expand": expand}
        return self._collect(self.url("Things", params), feedback)

    def datastreams(self, thing_id=None, filter: Optional[str] = None, feedback=None) -> list:
        params = {"$top": self.page_size, "$filter": filter}
        path = f"Things({_id_literal(thing_id)})/Datastreams" if thing_id is not None else "Datastreams"
        return self._collect(self.url(path, params), feedback)

    def observations(
        self,
        datastream_id,
        start=None,
        end=None,
        filter: Optional[str] = None,
        feedback=None,
        progress=None,
    ) -> list:
        clauses = []
        if start is not None:
            clauses.append(f"phenomenonTime ge {_iso(start)}")
        if end is not None:
            clauses.append(f"phenomenonTime lt {_iso(end)}")
        params = {
            "$top": self.page_size,
            "$filter": _and(*clauses, filter),
            "$orderby": "phenomenonTime asc",
            "$select": "@iot.id,phenomenonTime,resultTime,result",
        }
        path = f"Datastreams({_id_literal(datastream_id)})/Observations"
        # a stable order is needed for $skip paging; some servers fail on ordering by
        # phenomenonTime (django-ogc-sensorthings 1.2 answers 500) or on $select with @iot.id:
        # try plainer requests, then sort here
        attempts = [
            params,
            {**params, "$orderby": "resultTime asc", "$select": None},
            {**params, "$orderby": None, "$select": None},
        ]
        for number, attempt in enumerate(attempts):
            try:
                entities = self._collect(self.url(path, attempt), feedback, progress)
            except PlatformError as error:
                if error.code not in ("rejected", "server_error") or number == len(attempts) - 1:
                    raise
                continue
            return sorted(entities, key=lambda o: _time_key(o.get("phenomenonTime")))
        return []

    def create_observation(self, datastream_id, phenomenon_time, result, feedback=None) -> str:
        import json

        body = {
            "phenomenonTime": _iso(phenomenon_time),
            "result": result,
            "Datastream": {"@iot.id": datastream_id},
        }
        response = self.http.request(
            "POST",
            self.url("Observations"),
            json.dumps(body).encode("utf-8"),
            {"Content-Type": "application/json"},
            feedback,
        )
        return response.header("location")


__all__ = ["SensorThingsClient", "with_query"]
