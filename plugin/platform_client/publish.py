"""Publishing: a layer -> the data-quality gate -> the outbox -> the platform.

Shared by the dock's Publish tab and ``communitygov:platformpublish``:

1. :func:`quality_check` runs the gate of ``processing/engine/quality.py`` on the features to be
   published (``check_frame`` with the schema of the collection or the one the user chose).
   Data with errors is refused; warnings pass only when the user explicitly accepts them
   (:func:`gate_decision`).
2. :func:`journal_features` writes one outbox row per feature, in the collection's storage CRS
   (axis order handled), *before* anything is sent. Feature client ids are stable: the layer's
   ``cg_uid`` field when it has one, else a UUID derived from the collection, the layer source,
   the feature id and its content — journaling the same unchanged features twice is a no-op.
   Features loaded from the same collection (they carry ``platform_id``) become *replace*
   operations, with the hash of the version that was loaded for conflict detection.
3. :class:`~.outbox.OutboxSender` sends what is due (see :mod:`.outbox`).
"""

import json
import uuid
from dataclasses import dataclass
from typing import Optional

from qgis.core import QgsFeatureRequest

from .layers import ID_FIELD, feature_to_geojson, layer_transform
from .ogcapi import UID_PROPERTY, feature_hash

UID_NAMESPACE = uuid.UUID("6f1b8a52-3c1e-4d5e-9a43-6c0b1f1f6a01")
BASE_HASHES_PROPERTY = "communitygov/base_hashes"
SOURCE_PROPERTY = "communitygov/platform_source"  # "connection|collection|crs" of a loaded layer


@dataclass
class GateDecision:
    allowed: bool
    needs_confirmation: bool
    errors: int
    warnings: int
    message: str


def quality_check(
    frame, schema_name: str, crs_epsg: Optional[int], layer_name: str, progress=None, cancelled=None
):
    """The gate's result for ``frame`` (the engine's ``QualityResult``)."""
    from ...processing.engine import quality

    if isinstance(crs_epsg, str):  # "EPSG:4548" (bridge.epsg_of) -> 4548; a WKT -> unknown
        code = crs_epsg.split(":", 1)[1] if crs_epsg.upper().startswith("EPSG:") else ""
        crs_epsg = int(code) if code.isdigit() else None
    kwargs = {}
    if progress is not None:
        kwargs["progress"] = progress
    if cancelled is not None:
        kwargs["cancelled"] = cancelled
    return quality.check_frame(frame, schema_name, crs_epsg=crs_epsg, layer_name=layer_name, **kwargs)


def schema_for(collection_id: str, layer_name: str = "") -> Optional[str]:
    """The quality schema of a collection (by its id, then by the layer name), or ``None``."""
    from ...processing.engine import quality

    names = set(quality.available_schemas())
    for candidate in (collection_id, layer_name):
        if candidate in names:
            return candidate
    schema = quality.schema_for_layer(collection_id) or (
        quality.schema_for_layer(layer_name) if layer_name else None
    )
    return getattr(schema, "id", None) if schema is not None else None


def gate_decision(result, accept_warnings: bool) -> GateDecision:
    from ...processing.i18n import tr

    errors, warnings = int(result.n_errors), int(result.n_warnings)
    if errors:
        return GateDecision(
            False,
            False,
            errors,
            warnings,
            tr(
                "The data-quality gate refused the data: {errors} error(s), {warnings} warning(s). Fix the errors first."
            ).format(errors=errors, warnings=warnings),
        )
    if warnings and not accept_warnings:
        return GateDecision(
            False,
            True,
            errors,
            warnings,
            tr(
                "The data-quality gate found {warnings} warning(s). Publish anyway only if you accept them."
            ).format(warnings=warnings),
        )
    return GateDecision(True, False, errors, warnings, tr("The data passed the data-quality gate."))


def issue_lines(result, limit: int = 20) -> list:
    """Readable issue lines in the user's language (``message_zh`` / ``message_en``)."""
    from ...processing.i18n import is_chinese

    column = "message_zh" if is_chinese() else "message_en"
    lines = []
    for _, row in result.issues.head(limit).iterrows():
        lines.append(f"[{row['severity']}] {row.get(column) or row.get('message_en')}")
    return lines


def stable_uid(collection_id: str, source_key: str, fid, payload: dict) -> str:
    return str(uuid.uuid5(UID_NAMESPACE, f"{collection_id}|{source_key}|{fid}|{feature_hash(payload)}"))


def journal_features(
    outbox,
    connection_name: str,
    collection,
    source,
    layer_crs,
    source_key: str,
    feature_ids=None,
    loaded_from: str = "",
    base_hashes: Optional[dict] = None,
    batch: str = "",
    feedback=None,
) -> tuple:
    """Journal the features of ``source`` (a layer or a Processing feature source).

    ``collection`` is an :class:`~.ogcapi.Collection` (its ``storage_crs`` is the CRS written);
    ``loaded_from`` is the collection id the layer was loaded from (its features with a
    ``platform_id`` then become replace operations). Returns ``(row ids, skipped)``; features
    without geometry are journaled too (tables), nothing is skipped silently.
    """
    target = collection.storage_crs
    transform = layer_transform(layer_crs, target)
    fields = source.fields()
    uid_index = fields.indexOf(UID_PROPERTY)
    id_index = fields.indexOf(ID_FIELD)
    request = QgsFeatureRequest()
    if feature_ids is not None:
        request.setFilterFids(list(feature_ids))
    base_hashes = base_hashes or {}
    ops, skipped = [], 0
    for feature in source.getFeatures(request):
        if feedback is not None and feedback.isCanceled():
            break
        payload = feature_to_geojson(feature, fields, transform, target)
        platform_id = str(feature.attribute(id_index) or "") if id_index >= 0 else ""
        if platform_id in ("NULL", "None"):
            platform_id = ""
        uid = str(feature.attribute(uid_index) or "") if uid_index >= 0 else ""
        if uid in ("NULL", "None"):
            uid = ""
        if platform_id and loaded_from == collection.id:
            ops.append(
                {
                    "op": "replace",
                    "uid": uid or platform_id,
                    "payload": payload,
                    "feature_id": platform_id,
                    "crs": target,
                    "base_hash": base_hashes.get(platform_id),
                }
            )
            continue
        uid = uid or stable_uid(collection.id, source_key, feature.id(), payload)
        ops.append({"op": "create", "uid": uid, "payload": payload, "crs": target})
    ids = outbox.enqueue_many(connection_name, collection.id, ops, batch=batch)
    return ids, skipped


def base_hashes_of(features: list) -> dict:
    """``{platform id: hash}`` of features as served (kept on a loaded layer for conflict checks)."""
    return {str(f.get("id")): feature_hash(f) for f in features}


def encode_hashes(hashes: dict) -> str:
    return json.dumps(hashes, separators=(",", ":"))


def decode_hashes(text) -> dict:
    try:
        return json.loads(text or "{}")
    except ValueError:
        return {}
