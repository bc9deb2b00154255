"""The outbox: journaled before send, retried, resumed after a crash, never duplicated."""

import pytest

pytestmark = pytest.mark.timeout(600)


def point_feature(i: int, batch: str) -> dict:
    # EPSG:4490 storage, latitude first
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [31.80 + (i % 100) * 1e-4, 117.25 + (i // 100) * 1e-4]},
        "properties": {"name": f"point {i}", "kind": "survey", "batch": batch, "value": i, "note": "调查"},
    }


def all_items_of_batch(client, batch):
    return client.items("uploads", properties={"batch": batch}).features


def test_kill_server_during_1000_feature_push_then_resume(platform_server, features_client, tmp_path):
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender, new_uid

    batch = "kill-1000"
    crs = features_client.collection("uploads").storage_crs
    path = tmp_path / "outbox.sqlite"
    outbox = Outbox(path)
    uids = [new_uid() for _ in range(1000)]
    outbox.enqueue_many(
        "local",
        "uploads",
        [
            {"op": "create", "uid": uid, "payload": point_feature(i, batch), "crs": crs}
            for i, uid in enumerate(uids)
        ],
        batch=batch,
    )
    assert outbox.counts("local")["pending"] == 1000  # journaled before anything was sent

    killed = {}

    def progress(done, total):
        if done == 300 and not killed:
            platform_server.run("kill-backend")  # the feature server dies mid-push (SIGKILL)
            killed["at"] = done

    sender = OutboxSender(outbox, features_client, "local", base_delay_s=0.01, max_delay_s=0.05)
    first = sender.send_due(progress=progress)
    assert killed and first.stopped_by  # the round stopped on the dead server
    assert first.sent < 1000 and first.pending > 0
    counts = outbox.counts("local")
    assert counts["sent"] + counts["pending"] == 1000 and counts["failed"] == 0

    # "QGIS restarts": the journal is reopened from disk, then the server comes back
    outbox.close()
    outbox = Outbox(path)
    platform_server.run("start")
    sender = OutboxSender(outbox, features_client, "local", base_delay_s=0.01, max_delay_s=0.05)
    for _ in range(20):
        report = sender.send_due(ignore_backoff=True)
        if report.pending == 0:
            break
    assert outbox.counts("local") == {"pending": 0, "sending": 0, "sent": 1000, "failed": 0, "conflict": 0}
    stored = all_items_of_batch(features_client, batch)
    stored_uids = [f["properties"]["cg_uid"] for f in stored]
    assert len(stored_uids) == 1000
    assert sorted(stored_uids) == sorted(uids)  # exactly those features, none twice
    # journaling the same operations again is a no-op, so nothing is sent twice later
    outbox.enqueue_many(
        "local",
        "uploads",
        [
            {"op": "create", "uid": uid, "payload": point_feature(i, batch), "crs": crs}
            for i, uid in enumerate(uids)
        ],
        batch=batch,
    )
    assert outbox.counts("local")["pending"] == 0
    outbox.close()


def test_lost_response_is_not_posted_twice(fake_server, qgis_app, tmp_path):
    """The server stored the feature but the answer was lost: the retry finds it instead of re-posting."""
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender

    client = FeaturesClient(fake_server.url + "/lossy/", timeout_ms=1500)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.enqueue("fake", "things", "create", "uid-1", point_feature(1, "lossy"))
    outbox.enqueue("fake", "things", "create", "uid-2", point_feature(2, "lossy"))
    sender = OutboxSender(outbox, client, "fake", base_delay_s=0.01, max_delay_s=0.02)
    first = sender.send_due()
    assert first.sent == 0 and first.retried == 1  # the dropped answer stopped the round
    posts_before = fake_server.stats()["posts"]["uid-1"]
    already = 0
    for _ in range(5):
        report = sender.send_due(ignore_backoff=True)
        already += report.already_there
        if report.pending == 0:
            break
    stats = fake_server.stats()
    assert stats["stored"] == 2 and stats["ids"] == ["uid-1", "uid-2"]
    assert stats["posts"]["uid-1"] == posts_before  # checked, found, not re-posted
    assert already == 2
    assert outbox.counts("fake")["sent"] == 2


@pytest.mark.parametrize(
    "path, code",
    [
        ("malformed", "malformed"),
        ("html", "server_error"),  # a proxy's 502 page: the status says it all
        ("html200", "html_error"),
        ("error500", "server_error"),
        ("slow", "timeout"),
    ],
)
def test_bad_answers_become_clear_errors(fake_server, qgis_app, path, code):
    from community_governance.plugin.platform_client.http import PlatformError
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    client = FeaturesClient(f"{fake_server.url}/{path}/", timeout_ms=1500)
    with pytest.raises(PlatformError) as caught:
        client.collections()
    assert caught.value.code == code
    assert caught.value.message and "127.0.0.1" in caught.value.message
    assert caught.value.retryable


def test_unreachable_server_is_a_network_error(qgis_app):
    from community_governance.plugin.platform_client.http import PlatformError
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    from .conftest import free_port

    with pytest.raises(PlatformError) as caught:
        FeaturesClient(f"http://127.0.0.1:{free_port()}/", timeout_ms=3000).collections()
    assert caught.value.code == "network" and caught.value.retryable


@pytest.mark.parametrize("path", ["malformed", "html", "error500", "slow", "flaky"])
def test_pending_push_survives_bad_answers(fake_server, qgis_app, tmp_path, path):
    """No answer, however bad, loses a journaled push: it stays pending until it gets through."""
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender

    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.enqueue("fake", "things", "create", "uid-x", point_feature(7, path))
    bad = FeaturesClient(f"{fake_server.url}/{path}/", timeout_ms=1500)
    report = OutboxSender(outbox, bad, "fake", base_delay_s=0.01, max_delay_s=0.02).send_due()
    assert report.sent == 0
    op = outbox.list("fake")[0]
    assert op.state == "pending" and op.attempts == 1 and op.last_error
    # later the platform answers properly (the flaky one recovers by itself)
    good = FeaturesClient(f"{fake_server.url}/{'flaky' if path == 'flaky' else 'ogc'}/", timeout_ms=5000)
    sender = OutboxSender(outbox, good, "fake", base_delay_s=0.01, max_delay_s=0.02)
    for _ in range(5):
        if sender.send_due(ignore_backoff=True).pending == 0:
            break
    assert outbox.counts("fake")["sent"] == 1
    assert fake_server.stats()["stored"] == 1


def test_backoff_grows_and_is_capped():
    from community_governance.plugin.platform_client.outbox import backoff_delay

    delays = [backoff_delay(n, 2.0, 60.0) for n in range(1, 10)]
    assert 1.6 <= delays[0] <= 2.4
    assert 6.4 <= delays[2] <= 9.6
    assert max(delays) <= 72.0


def test_etag_conflict_is_not_overwritten(fake_server, qgis_app, tmp_path):
    """Where the server offers ETags, replace sends If-Match and a 412 becomes a conflict."""
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender

    client = FeaturesClient(f"{fake_server.url}/etag/", timeout_ms=5000)
    feature = point_feature(1, "etag")
    feature["id"] = "e1"
    client.create("things", feature)
    loaded, etag = client.item("things", "e1")
    assert etag.startswith('"')
    # a colleague changes it first, with the right ETag
    theirs = dict(loaded, properties=dict(loaded["properties"], note="theirs"))
    client.replace("things", "e1", theirs, etag=etag)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    mine = dict(loaded, properties=dict(loaded["properties"], note="mine"))
    outbox.enqueue("fake", "things", "replace", "e1", mine, feature_id="e1", etag=etag)
    report = OutboxSender(outbox, client, "fake").send_due()
    assert report.conflicts == 1
    op = outbox.list("fake")[0]
    assert op.state == "conflict" and "412" in op.last_error
    assert client.item("things", "e1")[0]["properties"]["note"] == "theirs"
    # overwriting drops the stale ETag; the next replace goes through
    outbox.retry([op.id], force=True)
    assert OutboxSender(outbox, client, "fake").send_due().sent == 1
    assert client.item("things", "e1")[0]["properties"]["note"] == "mine"
