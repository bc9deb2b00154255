"""SensorThings client against a real SensorThings API v1.1 server (django-ogc-sensorthings)
behind the platform's nginx, seeded from the demo community's sensors and observations."""

from collections import Counter

import pytest

pytestmark = pytest.mark.timeout(300)


@pytest.fixture()
def sta_client(platform_server, authcfgs):
    from community_governance.plugin.platform_client.sensorthings import SensorThingsClient

    return SensorThingsClient(platform_server.sta_url, authcfgs["basic"], timeout_ms=30000)


@pytest.fixture()
def observation_truth(gpkg_layer):
    table = gpkg_layer("sensor_observations")
    rows = [(str(f["sensor_id"]), str(f["phenomenon_time"]), f["value"]) for f in table.getFeatures()]
    return [r for r in rows if r[2] is not None]


def test_things_and_datastreams(sta_client, gpkg_layer):
    sensors = gpkg_layer("sensors")
    things = sta_client.things()
    assert sorted(t["name"] for t in things) == sorted(str(f["sensor_id"]) for f in sensors.getFeatures())
    assert all(t["Locations"] for t in things)
    first = things[0]
    streams = sta_client.datastreams(first["@iot.id"])
    assert len(streams) == 1 and streams[0]["name"].startswith(first["name"])
    assert len(sta_client.datastreams()) == sensors.featureCount()
    kind = first["properties"]["kind"]
    filtered = sta_client.things(filter=f"properties/kind eq '{kind}'")
    assert {t["name"] for t in filtered} == {
        str(f["sensor_id"]) for f in sensors.getFeatures() if f["kind"] == kind
    }


def test_observations_paging_and_time_window(sta_client, observation_truth):
    per_sensor = Counter(s for s, _, _ in observation_truth)
    sensor_id, count = per_sensor.most_common(1)[0]
    assert count > 50  # more than one page at the server's $top of 50
    thing = sta_client.things(filter=f"name eq '{sensor_id}'")[0]
    stream = sta_client.datastreams(thing["@iot.id"])[0]
    pages = []
    observations = sta_client.observations(stream["@iot.id"], progress=lambda n, total: pages.append(n))
    assert len(observations) == count and len(pages) > 1
    values = sorted(round(float(o["result"]), 6) for o in observations)
    assert values == sorted(round(float(v), 6) for s, _, v in observation_truth if s == sensor_id)
    # a time window: [start, end)
    from datetime import datetime

    times = sorted(datetime.fromisoformat(t) for s, t, _ in observation_truth if s == sensor_id)
    start, end = times[len(times) // 3], times[2 * len(times) // 3]
    expected = sum(1 for t in times if start <= t < end)
    window = sta_client.observations(stream["@iot.id"], start=start, end=end)
    assert len(window) == expected and 0 < expected < count
    stamps = [o["phenomenonTime"] for o in window]
    assert stamps == sorted(stamps) or len(
        {datetime.fromisoformat(s.replace("Z", "+00:00")) for s in stamps}
    ) == len(stamps)


def test_sensorthings_auth_errors(platform_server, authcfgs):
    from community_governance.plugin.platform_client.http import PlatformError
    from community_governance.plugin.platform_client.sensorthings import SensorThingsClient

    with pytest.raises(PlatformError) as caught:
        SensorThingsClient(platform_server.sta_url, authcfgs["expired"]).things()
    assert caught.value.code == "token_expired"
    assert SensorThingsClient(platform_server.sta_url, authcfgs["bearer"]).things()
