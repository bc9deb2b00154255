"""A misbehaving loopback server for the platform client tests (run as a separate process).

Usage: fake_server.py PORT STATS_JSON. Paths:

- ``/malformed/...``: 200 with a body that is not JSON;
- ``/html/...``: 502 with an HTML error page (a proxy's); ``/html200/...``: 200 with a login page;
- ``/slow/...``: answers after 5 s (the client's timeout is shorter);
- ``/error500/...``: 500 with an OGC exception body;
- ``/MODE/collections/things[/items[/ID]]``: a tiny OGC API - Features collection, with MODE
  ``ogc`` (well behaved), ``lossy`` (the first POST of each feature is stored at once and answered
  after 3 s, when the client has given up: it cannot know it got through) or ``flaky`` (the first
  two POSTs answer 503 and store nothing) or ``etag`` (items carry an ``ETag``; a PUT whose
  ``If-Match`` is stale answers 412).

Stats (POSTs per feature id, features stored) are written to STATS_JSON after each request.
"""

import hashlib
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FEATURES = {}
POSTS = {}
COUNTERS = {"flaky": 0}
STATS = sys.argv[2] if len(sys.argv) > 2 else None


def etag_of(feature) -> str:
    return '"' + hashlib.sha1(json.dumps(feature, sort_keys=True).encode()).hexdigest()[:16] + '"'


def save_stats():
    if STATS:
        with open(STATS, "w") as handle:
            json.dump({"posts": POSTS, "stored": len(FEATURES), "ids": sorted(FEATURES)}, handle)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        save_stats()

    def misbehave(self, mode) -> bool:
        """Answer badly for the misbehaving modes (nothing is stored); True when it did."""
        if mode == "malformed":
            self.send(200, b'{"collections": [ {"id": "x",, ]')
        elif mode == "html":
            self.send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
        elif mode == "html200":
            self.send(200, b"<!DOCTYPE html><html><body>Please log in</body></html>", "text/html")
        elif mode == "slow":
            time.sleep(5)
            self.send(200, b"{}")
        elif mode == "error500":
            self.send(500, b'{"code": "NoApplicableCode", "description": "database down"}')
        else:
            return False
        return True

    def do_GET(self):  # noqa: N802 - http.server API
        parts = urlsplit(self.path)
        segments = [s for s in parts.path.split("/") if s]
        mode = segments[0] if segments else ""
        if self.misbehave(mode):
            return None
        rest = segments[1:]
        base = f"http://127.0.0.1:{self.server.server_port}/{mode}"
        if rest == ["conformance"]:
            return self.send(
                200,
                json.dumps(
                    {
                        "conformsTo": [
                            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
                        ]
                    }
                ).encode(),
            )
        if rest == ["collections", "things"]:
            return self.send(
                200,
                json.dumps(
                    {
                        "id": "things",
                        "title": "Things",
                        "links": [],
                        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
                        "storageCrs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                    }
                ).encode(),
            )
        if rest == ["collections", "things", "items"]:
            query = parse_qs(parts.query)
            features = list(FEATURES.values())
            if "cg_uid" in query:
                features = [f for f in features if f["properties"].get("cg_uid") == query["cg_uid"][0]]
            body = {
                "type": "FeatureCollection",
                "features": features,
                "numberMatched": len(features),
                "links": [],
            }
            return self.send(200, json.dumps(body).encode(), "application/geo+json")
        if len(rest) == 4 and rest[:3] == ["collections", "things", "items"]:
            feature = FEATURES.get(rest[3])
            if feature is None:
                return self.send(404, b'{"code": "NotFound", "description": "item not found"}')
            headers = {"ETag": etag_of(feature)} if mode == "etag" else None
            return self.send(200, json.dumps(feature).encode(), "application/geo+json", headers)
        return self.send(404, json.dumps({"description": f"no route {base}"}).encode())

    def do_PUT(self):  # noqa: N802 - http.server API
        segments = [s for s in urlsplit(self.path).path.split("/") if s]
        mode, fid = segments[0], segments[-1]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if fid not in FEATURES:
            return self.send(404, b'{"description": "item not found"}')
        if mode == "etag" and self.headers.get("If-Match") != etag_of(FEATURES[fid]):
            return self.send(412, b'{"code": "PreconditionFailed", "description": "the feature has changed"}')
        FEATURES[fid] = json.loads(body.decode("utf-8"))
        return self.send(204)

    def do_POST(self):  # noqa: N802 - http.server API
        segments = [s for s in urlsplit(self.path).path.split("/") if s]
        mode = segments[0] if segments else ""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.misbehave(mode):
            return None
        if self.headers.get("Content-Type") != "application/geo+json":
            return self.send(400, b'{"description": "wrong content type"}')
        feature = json.loads(body.decode("utf-8"))
        fid = str(feature.get("id"))
        POSTS[fid] = POSTS.get(fid, 0) + 1
        if mode == "flaky" and COUNTERS["flaky"] < 2:
            COUNTERS["flaky"] += 1
            return self.send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        if mode == "lossy" and fid not in FEATURES:
            # stored at once, but answered only after the client gave up: the client cannot know
            # it got through (a dropped connection would not do: Qt re-sends by itself)
            FEATURES[fid] = feature
            save_stats()
            time.sleep(3)
            location = f"http://127.0.0.1:{self.server.server_port}/{mode}/collections/things/items/{fid}"
            return self.send(201, b"", headers={"Location": location})
        if fid in FEATURES:
            return self.send(
                400, b'{"code": "InvalidParameterValue", "description": "record already exists"}'
            )
        FEATURES[fid] = feature
        save_stats()
        location = f"http://127.0.0.1:{self.server.server_port}/{mode}/collections/things/items/{fid}"
        return self.send(201, b"", headers={"Location": location})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    save_stats()
    server.serve_forever()
