"""Loads sta_seed.json (written by seed.py) into the local SensorThings server over HTTP.

Server-side tooling run by ``scripts/platform.sh`` (standard library only; plugin code never uses
urllib). One Thing per sensor with its Location, Datastream, Sensor and ObservedProperty (deep
insert), then the observations in batches through the Data Array extension
(``CreateObservations``). Usage: seed_sta.py SEED_JSON BASE_URL (…/sensorthings/v1.1, direct
backend URL, no authentication).
"""

import json
import sys
import urllib.request

KINDS = {
    "footfall": ("Footfall", "count", "人次"),
    "noise": ("Noise level", "decibel", "dB"),
    "elevator_fault": ("Elevator faults", "count", "次"),
}


def post(url, body):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers.get("Location", ""), response.read()


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def main(seed_path, base):
    things = json.load(open(seed_path, encoding="utf-8"))
    total = 0
    for thing in things:
        name, unit, symbol = KINDS.get(
            thing["kind"], (thing["kind"], thing.get("unit") or "value", thing.get("unit") or "")
        )
        body = {
            "name": thing["sensor_id"],
            "description": f"{name} sensor {thing['sensor_id']} in community {thing['community_id']}",
            "properties": {
                "sensor_id": thing["sensor_id"],
                "community_id": thing["community_id"],
                "kind": thing["kind"],
            },
            "Locations": [
                {
                    "name": thing["sensor_id"],
                    "description": "installation point",
                    "encodingType": "application/geo+json",
                    "location": {"type": "Point", "coordinates": [thing["lon"], thing["lat"]]},
                }
            ],
            "Datastreams": [
                {
                    "name": f"{thing['sensor_id']} {thing['kind']}",
                    "description": f"{name} of {thing['sensor_id']}",
                    "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                    "unitOfMeasurement": {
                        "name": unit,
                        "symbol": thing.get("unit") or symbol,
                        "definition": f"urn:communitygov:unit:{unit}",
                    },
                    "properties": {"sensor_id": thing["sensor_id"], "kind": thing["kind"]},
                    "Sensor": {
                        "name": f"{thing['kind']} sensor",
                        "description": name,
                        "encodingType": "text/html",
                        "metadata": "urn:communitygov:sensor",
                    },
                    "ObservedProperty": {
                        "name": thing["kind"],
                        "definition": f"urn:communitygov:property:{thing['kind']}",
                        "description": name,
                    },
                }
            ],
        }
        location, _ = post(f"{base}/Things", body)
        # the Location header carries the public (nginx) URL: ask the backend directly
        streams = get(f"{base}/{location.rstrip('/').rsplit('/', 1)[-1]}/Datastreams?$top=1")["value"]
        stream_id = streams[0]["@iot.id"]
        rows = [[t, v] for t, v in thing["observations"] if v is not None]
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            post(
                f"{base}/CreateObservations",
                [
                    {
                        "Datastream": {"@iot.id": stream_id},
                        "components": ["phenomenonTime", "result"],
                        "dataArray": chunk,
                    }
                ],
            )
            total += len(chunk)
    print(f"seed_sta: {len(things)} things, {total} observations")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].rstrip("/"))
