"""OGC API - Features client: Part 1 (core), Part 2 (CRS by reference), Part 4 (create/replace/delete).

Blocking (``QgsBlockingNetworkRequest`` through :class:`~.http.HttpClient`): call it from a
``QgsTask``, a Processing algorithm or a test.

- Part 1: :meth:`FeaturesClient.landing`, :meth:`~FeaturesClient.conformance`,
  :meth:`~FeaturesClient.collections`, :meth:`~FeaturesClient.items` (``limit``, ``bbox``,
  ``datetime``, property filters, paging by following ``rel=next`` links until none is left).
- Part 2: ``crs=`` / ``bbox-crs=`` when the collection lists the CRS (``crs`` array); the
  answer's ``Content-Crs`` header says what was served. Writes go in the collection's
  ``storageCrs`` (pygeoapi stores what it is sent) with a ``Content-Crs`` header.
- Part 4: :meth:`~FeaturesClient.create` (POST, ``Content-Type: application/geo+json`` exactly,
  201 + ``Location``), :meth:`~FeaturesClient.replace` (PUT) and :meth:`~FeaturesClient.delete`.
  Optimistic concurrency: when the server sends an ``ETag`` for an item, replace/delete send
  ``If-Match`` and a 412 becomes a ``conflict`` error. When it does not (pygeoapi), callers
  compare the server's current feature with the version they loaded (:func:`feature_hash`)
  before writing — see :mod:`.outbox`.
- Idempotent creates: the client chooses a stable id (a UUID kept in the outbox) and writes it
  both as the feature ``id`` and as the property :data:`UID_PROPERTY`; :meth:`~FeaturesClient.find_uid`
  tells whether an earlier attempt already reached the server, so a retry never duplicates.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from .http import HttpClient, PlatformError, host_of

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONF_CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
CONF_CRS = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"
CONF_CRD = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete"
UID_PROPERTY = "cg_uid"
GEOJSON = "application/geo+json"


def epsg_uri(code) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{int(code)}"


def uri_to_authid(uri: str) -> str:
    """``EPSG:4490`` for ``http://www.opengis.net/def/crs/EPSG/0/4490``; ``OGC:CRS84`` for CRS84."""
    uri = (uri or "").strip().strip("<>")
    if not uri:
        return ""
    if uri.rstrip("/").endswith("CRS84"):
        return "OGC:CRS84"
    parts = uri.rstrip("/").split("/")
    if "EPSG" in parts:
        return f"EPSG:{parts[-1]}"
    if uri.upper().startswith("EPSG:"):
        return uri.upper()
    return uri


def authid_to_uri(authid: str) -> str:
    authid = (authid or "").strip()
    if authid.upper() in ("OGC:CRS84", "CRS84", "EPSG:4326-LONLAT"):
        return CRS84
    if authid.upper().startswith("EPSG:"):
        return epsg_uri(authid.split(":", 1)[1])
    return authid


def feature_hash(feature: dict) -> str:
    """A stable hash of a feature's geometry and properties (ids and links ignored)."""
    geometry = feature.get("geometry")
    properties = feature.get("properties") or {}
    text = json.dumps({"g": geometry, "p": properties}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_query(url: str, params: dict) -> str:
    """``url`` with ``params`` merged into its query string (``None`` values dropped)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({k: v for k, v in params.items() if v is not None})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def find_link(links, rel: str, types=("application/geo+json", "application/json")) -> Optional[str]:
    candidates = [link for link in links or [] if link.get("rel") == rel and link.get("href")]
    for link in candidates:
        if not link.get("type") or link.get("type") in types:
            return link["href"]
    return candidates[0]["href"] if candidates else None


@dataclass
class Collection:
    id: str
    title: str = ""
    description: str = ""
    keywords: list = field(default_factory=list)
    crs: list = field(default_factory=list)
    storage_crs: str = CRS84
    extent: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    item_type: str = "feature"

    @classmethod
    def from_json(cls, data: dict) -> "Collection":
        return cls(
            id=str(data.get("id", "")),
            title=data.get("title") or str(data.get("id", "")),
            description=data.get("description") or "",
            keywords=[str(k) for k in data.get("keywords") or []],
            crs=list(data.get("crs") or [CRS84]),
            storage_crs=data.get("storageCrs") or CRS84,
            extent=data.get("extent") or {},
            links=data.get("links") or [],
            item_type=data.get("itemType") or "feature",
        )

    def _tagged(self, prefix: str, default: str) -> str:
        for keyword in self.keywords:
            if keyword.lower().startswith(prefix + ":"):
                return keyword.split(":", 1)[1]
        return default

    @property
    def theme(self) -> str:
        """Theme from a ``theme:NAME`` keyword (population, housing, facilities, sensors, feedback)."""
        return self._tagged("theme", "other")

    @property
    def community(self) -> str:
        """Scope from a ``community:NAME`` keyword (a community or sub-district), or ''."""
        return self._tagged("community", "")

    @property
    def has_time(self) -> bool:
        return bool((self.extent.get("temporal") or {}).get("interval"))

    def supports_crs(self, uri: str) -> bool:
        wanted = uri_to_authid(uri)
        return any(uri_to_authid(c) == wanted for c in self.crs)


@dataclass
class ItemsPage:
    features: list
    number_matched: Optional[int]
    content_crs: str
    next_url: Optional[str]


@dataclass
class ItemsResult:
    features: list
    number_matched: Optional[int]
    content_crs: str
    pages: int


class FeaturesClient:
    """An OGC API - Features endpoint (``base_url`` is its landing page)."""

    def __init__(self, base_url: str, authcfg: str = "", timeout_ms: int = 30000, page_size: int = 100):
        self.base_url = base_url.rstrip("/") + "/"
        self.http = HttpClient(authcfg, timeout_ms)
        self.page_size = int(page_size)
        self._conformance = None
        self._collections = {}

    def url(self, *parts) -> str:
        return urljoin(self.base_url, "/".join(quote(str(p), safe="") for p in parts))

    # -- Part 1 discovery ------------------------------------------------------------------
    def landing(self, feedback=None) -> dict:
        data, _ = self.http.get_json(with_query(self.base_url, {"f": "json"}), feedback)
        return data

    def conformance(self, feedback=None) -> list:
        if self._conformance is None:
            data, _ = self.http.get_json(with_query(self.url("conformance"), {"f": "json"}), feedback)
            self._conformance = list(data.get("conformsTo") or [])
        return self._conformance

    def supports_transactions(self, feedback=None) -> bool:
        return any(c.rstrip("/") == CONF_CRD for c in self.conformance(feedback))

    def collections(self, feedback=None) -> list:
        data, _ = self.http.get_json(with_query(self.url("collections"), {"f": "json"}), feedback)
        result = []
        for item in data.get("collections") or []:
            collection = Collection.from_json(item)
            if collection.item_type == "feature":
                self._collections[collection.id] = collection
                result.append(collection)
        return result

    def collection(self, collection_id: str, feedback=None) -> Collection:
        if collection_id not in self._collections:
            data, _ = self.http.get_json(
                with_query(self.url("collections", collection_id), {"f": "json"}), feedback
            )
            self._collections[collection_id] = Collection.from_json(data)
        return self._collections[collection_id]

    # -- items -----------------------------------------------------------------------------
    def negotiate_crs(self, collection_id: str, crs: Optional[str] = None, feedback=None) -> Optional[str]:
        """The CRS to ask for: ``crs`` when the collection offers it, else its storage CRS.

        Asking for the storage CRS spares the server a reprojection per request (pygeoapi builds
        a pyproj transformer per request, seconds each); QGIS reprojects locally instead.
        """
        collection = self.collection(collection_id, feedback)
        if crs:
            return crs if collection.supports_crs(crs) else None
        if collection.storage_crs and collection.supports_crs(collection.storage_crs):
            return collection.storage_crs
        return None

    def items_page(self, url: str, feedback=None) -> ItemsPage:
        data, response = self.http.get_json(
            url, feedback, accept="application/geo+json, application/json;q=0.9"
        )
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise PlatformError(
                "malformed",
                _tr_not_features().format(url=url),
                response.status,
                url,
            )
        matched = data.get("numberMatched")
        return ItemsPage(
            features=data["features"],
            number_matched=int(matched) if isinstance(matched, (int, float)) else None,
            content_crs=response.header("content-crs").strip("<> ") or CRS84,
            next_url=find_link(data.get("links"), "next"),
        )

    def items_url(
        self,
        collection_id: str,
        bbox=None,
        bbox_crs: Optional[str] = None,
        datetime: Optional[str] = None,
        crs: Optional[str] = None,
        limit: Optional[int] = None,
        properties: Optional[dict] = None,
    ) -> str:
        params = {"f": "json", "limit": limit or self.page_size}
        if bbox is not None:
            params["bbox"] = ",".join(repr(float(v)) for v in bbox)
            if bbox_crs and uri_to_authid(bbox_crs) != "OGC:CRS84":
                params["bbox-crs"] = bbox_crs
        if datetime:
            params["datetime"] = datetime
        if crs and uri_to_authid(crs) != "OGC:CRS84":
            params["crs"] = crs
        for key, value in (properties or {}).items():
            params[key] = value
        return with_query(self.url("collections", collection_id, "items"), params)

    def items(
        self,
        collection_id: str,
        bbox=None,
        bbox_crs: Optional[str] = None,
        datetime: Optional[str] = None,
        crs: Optional[str] = None,
        properties: Optional[dict] = None,
        max_features: Optional[int] = None,
        feedback=None,
        progress: Optional[Callable[[int, Optional[int]], None]] = None,
    ) -> ItemsResult:
        """All items matching the filters, page after page (``rel=next``).

        ``crs`` is only sent when the collection declares it (else the answer is CRS84);
        ``progress(received, number_matched)`` is called after each page.
        """
        crs = self.negotiate_crs(collection_id, crs, feedback)
        url = self.items_url(collection_id, bbox, bbox_crs, datetime, crs, None, properties)
        features, seen, pages = [], set(), 0
        matched, content_crs = None, CRS84
        while url and url not in seen:
            seen.add(url)
            page = self.items_page(url, feedback)
            pages += 1
            if pages == 1:
                matched, content_crs = page.number_matched, page.content_crs
            features.extend(page.features)
            if progress is not None:
                progress(len(features), matched)
            if max_features is not None and len(features) >= max_features:
                features = features[:max_features]
                break
            if not page.features:
                break
            url = page.next_url
        return ItemsResult(features, matched, content_crs, pages)

    def item(self, collection_id: str, feature_id: str, crs: Optional[str] = None, feedback=None):
        """``(feature, etag)``; ``etag`` is '' when the server sends none."""
        params = {"f": "json"}
        crs = self.negotiate_crs(collection_id, crs, feedback)
        if crs and uri_to_authid(crs) != "OGC:CRS84":
            params["crs"] = crs
        url = with_query(self.url("collections", collection_id, "items", feature_id), params)
        data, response = self.http.get_json(
            url, feedback, accept="application/geo+json, application/json;q=0.9"
        )
        return data, response.header("etag")

    def count(self, collection_id: str, properties: Optional[dict] = None, feedback=None) -> Optional[int]:
        crs = self.negotiate_crs(collection_id, None, feedback)
        url = self.items_url(collection_id, crs=crs, limit=1, properties=properties)
        return self.items_page(url, feedback).number_matched

    # -- Part 4 --------------------------------------------------------------------------------
    def _write_headers(self, crs: Optional[str], etag: Optional[str]) -> dict:
        headers = {"Content-Type": GEOJSON}
        if crs:
            headers["Content-Crs"] = f"<{crs}>"
        if etag:
            headers["If-Match"] = etag
        return headers

    def create(self, collection_id: str, feature: dict, crs: Optional[str] = None, feedback=None) -> str:
        """POST a feature; the new feature id (from ``Location``, else the id sent)."""
        body = json.dumps(feature, ensure_ascii=False).encode("utf-8")
        response = self.http.request(
            "POST",
            self.url("collections", collection_id, "items"),
            body,
            self._write_headers(crs, None),
            feedback,
        )
        location = response.header("location")
        if location:
            return location.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
        if response.status == 201:
            return str(feature.get("id") or "")
        # Part 4 confirms a creation with 201 + Location; anything else (a login page answering
        # 200, a proxy) is not a confirmation: retried later, after checking the server
        from ...processing.i18n import tr

        raise PlatformError(
            "malformed",
            tr("The platform at {host} did not confirm the new feature (HTTP {status}, no Location).").format(
                host=host_of(response.url), status=response.status
            ),
            response.status,
            response.url,
        )

    def replace(
        self,
        collection_id: str,
        feature_id: str,
        feature: dict,
        etag: str = "",
        crs: Optional[str] = None,
        feedback=None,
    ):
        body = json.dumps(feature, ensure_ascii=False).encode("utf-8")
        url = self.url("collections", collection_id, "items", feature_id)
        self.http.request("PUT", url, body, self._write_headers(crs, etag), feedback)

    def delete(self, collection_id: str, feature_id: str, etag: str = "", feedback=None):
        url = self.url("collections", collection_id, "items", feature_id)
        headers = {"If-Match": etag} if etag else {}
        self.http.request("DELETE", url, None, headers, feedback)

    def find_uid(self, collection_id: str, uid: str, feedback=None) -> Optional[str]:
        """The server id of the feature created with client id ``uid``, or ``None``.

        Looks up ``/items/{uid}`` first (servers that keep client ids, like pygeoapi), then the
        :data:`UID_PROPERTY` property filter (servers that allocate their own ids).
        """
        try:
            feature, _ = self.item(collection_id, uid, feedback=feedback)
            if isinstance(feature, dict) and feature.get("type") == "Feature":
                return str(feature.get("id", uid))
        except PlatformError as error:
            if error.code != "not_found":
                raise
        try:
            crs = self.negotiate_crs(collection_id, None, feedback)
            url = self.items_url(collection_id, crs=crs, limit=2, properties={UID_PROPERTY: uid})
            page = self.items_page(url, feedback)
        except PlatformError as error:
            if error.code in ("rejected", "not_found"):
                return None
            raise
        for feature in page.features:
            if str((feature.get("properties") or {}).get(UID_PROPERTY)) == uid:
                return str(feature.get("id"))
        return None


def _tr_not_features() -> str:
    from ...processing.i18n import tr

    return tr("The platform answered {url} without a list of features.")
