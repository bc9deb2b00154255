"""communitygov:createdemo — write the synthetic demo community (or a benchmark city) with its
known truth: data for planners to try every tool on, and for benchmarks."""

from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
)

from ..i18n import tr
from .base import CommunityGovAlgorithm, resource_path

SIZES = ("demo", "city")
DEFAULT_SEED = 20260302  # engine.demo.config.DEFAULT_SEED (kept here so the dialog opens without numpy)
# spatial layers opened (bottom to top) when LOAD is ticked; each has resources/styles/demo_<name>.qml
LOAD_ORDER = (
    "YJJBNT",
    "STBHHX",
    "CZKFBJ",
    "GHFQ",
    "KZDY",
    "plan_parcels",
    "DLHX",
    "ZXCQCSLVX",
    "ZXCQCSLX",
    "ZXCQCSZX",
    "ZXCQCSHX",
    "subdistrict",
    "communities",
    "residential",
    "candidate_sites",
    "roads",
    "facilities",
    "sensors",
    "feedback",
    "trajectories",
)


def truth_path_for(gpkg: Path) -> Path:
    """The known-truth JSON written beside the GeoPackage."""
    return gpkg.with_name(gpkg.stem + ".known_truth.json")


class CreateDemo(CommunityGovAlgorithm):
    algorithm_id = "createdemo"
    group_id = "data"
    requirements = ("numpy", "scipy", "pandas", "geopandas", "shapely", "pyproj")

    def displayName(self):
        return tr("Create demo community")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(
            {
                "demo_bad_size": tr("Unknown demo size “{size}”."),
                "demo_bad_output": tr("The output must be a GeoPackage (.gpkg) file: {path}"),
            }
        )
        return messages

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterNumber(
                "SEED",
                tr("Random seed"),
                QgsProcessingParameterNumber.Type.Integer,
                DEFAULT_SEED,
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "SIZE",
                tr("Size"),
                [
                    tr("Demo: one sub-district, 8 communities, ~50,000 residents"),
                    tr("City: 25 times larger, for benchmarks"),
                ],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "OUTPUT", tr("Demo GeoPackage"), tr("GeoPackage (*.gpkg *.GPKG)"), optional=False
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean("LOAD", tr("Open the styled layers when done"), False)
        )
        self.addOutput(QgsProcessingOutputFile("TRUTH", tr("Known truth (JSON)")))
        self.addOutput(QgsProcessingOutputNumber("POPULATION", tr("Residents")))
        self.addOutput(QgsProcessingOutputNumber("LAYERS", tr("Layers written")))

    def process(self, parameters, context, feedback):
        from .. import bridge
        from ..engine.demo import generate, write_geopackage

        seed = self.parameterAsInt(parameters, "SEED", context)
        size = SIZES[self.parameterAsEnum(parameters, "SIZE", context)]
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if not output:
            raise QgsProcessingException(tr("Choose where to write the demo GeoPackage."))
        path = Path(output)
        if path.suffix.lower() != ".gpkg":
            path = path.with_suffix(".gpkg")
        truth_path = truth_path_for(path)
        progress, cancelled = bridge.callbacks(feedback, 0.0, 70.0)
        feedback.pushInfo(
            tr("Generating the {size} community with seed {seed}…").format(size=size, seed=seed)
        )
        data = generate(seed=seed, size=size, progress=progress, cancelled=cancelled)
        write_progress, _ = bridge.callbacks(feedback, 70.0, 100.0)
        write_geopackage(data, path, truth_path, progress=write_progress)
        population = int(data.truth["metadata"]["population_total"])
        feedback.pushInfo(
            tr("Wrote {layers} layers ({residents} residents) to {path}; known truth in {truth}.").format(
                layers=len(data.layers), residents=population, path=str(path), truth=str(truth_path)
            )
        )
        if self.parameterAsBoolean(parameters, "LOAD", context) and context.project() is not None:
            self._load(path, context, feedback)
        return {
            "OUTPUT": str(path),
            "TRUTH": str(truth_path),
            "POPULATION": population,
            "LAYERS": len(data.layers),
        }

    def _load(self, path, context, feedback):
        from .. import bridge

        for name in LOAD_ORDER:
            layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
            if not layer.isValid():
                feedback.pushWarning(tr("Could not open layer “{layer}”.").format(layer=name))
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(
                layer.id(), QgsProcessingContext.LayerDetails(name, context.project(), name)
            )
            bridge.style_output(context, layer.id(), resource_path("styles", f"demo_{name}.qml"))
