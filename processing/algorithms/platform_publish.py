"""communitygov:platformpublish — a layer to a platform collection, through the quality gate
and the outbox.

1. The data-quality gate (``processing/engine/quality.py``) checks the features against the
   collection's schema (or the one chosen): errors refuse the publication, warnings pass only
   with ACCEPT_WARNINGS.
2. Every feature is journaled in the outbox (SQLite in the QGIS profile) before anything is sent,
   in the collection's storage CRS, with a stable client id (no duplicates after a retry).
3. With SEND_NOW the due operations are sent; what the platform could not take stays pending and
   is resumed later (the dock retries with back-off, also after a restart of QGIS).
"""

import time

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .base import CommunityGovAlgorithm
from .platform_download import add_connection_parameters, connection_from


class PlatformPublish(CommunityGovAlgorithm):
    algorithm_id = "platformpublish"
    group_id = "platform"
    requirements = ("numpy", "geopandas", "shapely", "yaml", "jsonschema")

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Publish a layer to the platform")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFeatureSource("INPUT", tr("Layer to publish")))
        add_connection_parameters(self)
        self.addParameter(QgsProcessingParameterString("COLLECTION", tr("Target collection id")))
        self.addParameter(
            QgsProcessingParameterString(
                "SCHEMA", tr("Data-quality schema (empty = the collection's own)"), "", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean("ACCEPT_WARNINGS", tr("Publish despite quality warnings"), False)
        )
        self.addParameter(
            QgsProcessingParameterBoolean("SEND_NOW", tr("Send now (else only journal in the outbox)"), True)
        )
        for name, label in (
            ("JOURNALED", tr("Features journaled in the outbox")),
            ("SENT", tr("Operations sent")),
            ("PENDING", tr("Operations still pending")),
            ("FAILED", tr("Operations refused by the platform")),
            ("CONFLICTS", tr("Operations in conflict")),
            ("QUALITY_ERRORS", tr("Quality errors")),
            ("QUALITY_WARNINGS", tr("Quality warnings")),
        ):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def process(self, parameters, context, feedback):
        from ...plugin.platform_client import publish
        from ...plugin.platform_client.http import PlatformError
        from ...plugin.platform_client.outbox import Outbox, OutboxSender
        from .. import bridge

        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        layer_name = source.sourceName()
        connection = connection_from(self, parameters, context)
        collection_id = self.parameterAsString(parameters, "COLLECTION", context).strip()
        schema_name = (self.parameterAsString(parameters, "SCHEMA", context) or "").strip()
        schema_name = schema_name or publish.schema_for(collection_id, layer_name)
        if not schema_name:
            raise QgsProcessingException(
                tr(
                    "No data-quality schema is known for collection “{collection}”: choose one (SCHEMA), the "
                    "platform takes data only through the quality gate."
                ).format(collection=collection_id)
            )

        # 1. the gate
        feedback.setProgressText(tr("Checking data quality…"))
        frame = bridge.source_to_frame(source, context, feedback=feedback)
        progress, cancelled = bridge.callbacks(feedback, 0.0, 30.0)
        result = publish.quality_check(
            frame, schema_name, bridge.epsg_of(source.sourceCrs()), layer_name, progress, cancelled
        )
        for line in publish.issue_lines(result):
            feedback.pushWarning(line)
        accept = self.parameterAsBool(parameters, "ACCEPT_WARNINGS", context)
        decision = publish.gate_decision(result, accept)
        if not decision.allowed:
            raise QgsProcessingException(decision.message)
        feedback.pushInfo(decision.message)

        # 2. the outbox
        client = connection.features_client()
        try:
            collection = client.collection(collection_id, feedback)
            if not client.supports_transactions(feedback):
                raise QgsProcessingException(
                    tr("The platform does not accept new data (no OGC API - Features Part 4 transactions).")
                )
        except PlatformError as error:
            raise QgsProcessingException(error.message) from error
        outbox = Outbox()
        try:
            batch = f"{layer_name}@{time.strftime('%Y-%m-%dT%H:%M:%S')}"
            ids, _skipped = publish.journal_features(
                outbox,
                connection.name,
                collection,
                source,
                source.sourceCrs(),
                source_key=layer_name,
                batch=batch,
                feedback=feedback,
            )
            feedback.pushInfo(tr("{count} features journaled in the outbox.").format(count=len(ids)))
            report = None
            if self.parameterAsBool(parameters, "SEND_NOW", context):
                sender = OutboxSender(outbox, client, connection.name)

                def progress_send(done, total):
                    feedback.setProgress(30.0 + 70.0 * done / max(total, 1))

                report = sender.send_due(feedback=feedback, progress=progress_send)
                if report.stopped_by:
                    feedback.pushWarning(
                        tr(
                            "Sending stopped: {reason} The rest stays in the outbox and will be retried."
                        ).format(reason=report.stopped_by)
                    )
                for message in report.errors[:20]:
                    feedback.pushWarning(message)
            counts = outbox.counts(connection.name)
        finally:
            outbox.close()
        return {
            "JOURNALED": len(ids),
            "SENT": report.sent if report else 0,
            "PENDING": counts["pending"],
            "FAILED": report.failed if report else 0,
            "CONFLICTS": report.conflicts if report else 0,
            "QUALITY_ERRORS": decision.errors,
            "QUALITY_WARNINGS": decision.warnings,
        }
