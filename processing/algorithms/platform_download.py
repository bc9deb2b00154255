"""communitygov:platformdownload — a collection of the community platform as a layer.

OGC API - Features through the plugin's client (QGIS networking and auth): paging until the last
``rel=next`` page, optional bbox (the extent, sent in CRS84) and datetime filters, the CRS
negotiated with the server (the collection's storage CRS unless another one is asked for).
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterCrs,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .base import CommunityGovAlgorithm, resource_path


def add_connection_parameters(algorithm):
    """CONNECTION (a saved connection's name), or URL + AUTHCFG (batch, qgis_process)."""
    algorithm.addParameter(
        QgsProcessingParameterString("CONNECTION", tr("Saved platform connection (name)"), "", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterString(
            "URL", tr("Platform URL (instead of a saved connection)"), "", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterAuthConfig("AUTHCFG", tr("Authentication"), "", optional=True)
    )


def connection_from(algorithm, parameters, context):
    from ...plugin.platform_client.connections import resolve_connection

    name = algorithm.parameterAsString(parameters, "CONNECTION", context) or ""
    url = algorithm.parameterAsString(parameters, "URL", context) or ""
    authcfg = algorithm.parameterAsString(parameters, "AUTHCFG", context) or ""
    try:
        return resolve_connection(name, url, authcfg)
    except KeyError as error:
        raise QgsProcessingException(
            tr("There is no platform connection named “{name}”.").format(name=error.args[0])
        ) from error


class PlatformDownload(CommunityGovAlgorithm):
    algorithm_id = "platformdownload"
    group_id = "platform"
    requirements = ()

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Download a platform collection")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        add_connection_parameters(self)
        self.addParameter(QgsProcessingParameterString("COLLECTION", tr("Collection id")))
        self.addParameter(
            QgsProcessingParameterExtent("EXTENT", tr("Only features in this extent"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(
                "DATETIME",
                tr("Only features in this time interval (ISO 8601, e.g. 2026-03-01T00:00:00+08:00/..)"),
                "",
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterCrs("CRS", tr("CRS to ask the platform for"), optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                "MAX_FEATURES",
                tr("At most this many features (0 = all)"),
                QgsProcessingParameterNumber.Type.Integer,
                0,
                minValue=0,
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", tr("Downloaded features")))
        self.addOutput(QgsProcessingOutputNumber("COUNT", tr("Features downloaded")))
        self.addOutput(QgsProcessingOutputNumber("NUMBER_MATCHED", tr("Features matched on the platform")))

    def process(self, parameters, context, feedback):
        from ...plugin.platform_client.http import PlatformError
        from ...plugin.platform_client.layers import features_to_layer
        from ...plugin.platform_client.ogcapi import epsg_uri

        connection = connection_from(self, parameters, context)
        collection_id = self.parameterAsString(parameters, "COLLECTION", context).strip()
        client = connection.features_client()
        bbox = None
        if parameters.get("EXTENT"):
            extent = self.parameterAsExtent(parameters, "EXTENT", context)
            extent_crs = self.parameterAsExtentCrs(parameters, "EXTENT", context)
            if not extent.isNull() and not extent.isEmpty():
                wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
                if extent_crs.isValid() and extent_crs != wgs84:
                    extent = QgsCoordinateTransform(
                        extent_crs, wgs84, context.transformContext()
                    ).transformBoundingBox(extent)
                bbox = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        datetime_text = (self.parameterAsString(parameters, "DATETIME", context) or "").strip() or None
        crs = self.parameterAsCrs(parameters, "CRS", context)
        crs_uri = None
        if crs.isValid() and crs.authid().upper().startswith("EPSG:"):
            crs_uri = epsg_uri(crs.authid().split(":", 1)[1])
        max_features = self.parameterAsInt(parameters, "MAX_FEATURES", context) or None

        def progress(received, matched):
            if matched:
                feedback.setProgress(min(99.0, 100.0 * received / matched))
            feedback.setProgressText(tr("{count} features received").format(count=received))

        try:
            result = client.items(
                collection_id,
                bbox=bbox,
                datetime=datetime_text,
                crs=crs_uri,
                max_features=max_features,
                feedback=feedback,
                progress=progress,
            )
        except PlatformError as error:
            raise QgsProcessingException(error.message) from error
        if feedback.isCanceled():
            return {}
        layer = features_to_layer(result.features, result.content_crs, collection_id)
        sink, dest_id = self.parameterAsSink(
            parameters, "OUTPUT", context, layer.fields(), layer.wkbType(), layer.crs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        count = 0
        for feature in layer.getFeatures():
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
            count += 1
        if result.number_matched is not None and max_features is None and count != result.number_matched:
            feedback.pushWarning(
                tr("The platform matched {matched} features but sent {count}.").format(
                    matched=result.number_matched, count=count
                )
            )
        feedback.pushInfo(
            tr("{count} features of “{collection}” downloaded in {pages} page(s), CRS {crs}.").format(
                count=count, collection=collection_id, pages=result.pages, crs=layer.crs().authid()
            )
        )
        style = resource_path("styles", f"demo_{collection_id}.qml")
        if style.exists():
            from .. import bridge

            bridge.style_output(context, dest_id, style)
        return {
            "OUTPUT": dest_id,
            "COUNT": count,
            "NUMBER_MATCHED": result.number_matched if result.number_matched is not None else count,
        }
