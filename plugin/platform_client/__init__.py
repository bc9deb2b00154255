"""Clients of the community base information platform, through QGIS networking only.

- :mod:`.http`: one blocking exchange (``QgsBlockingNetworkRequest``), auth from the QGIS auth
  database, every failure a translated :class:`~.http.PlatformError` with a code;
- :mod:`.ogcapi`: OGC API - Features Parts 1, 2 and 4;
- :mod:`.sensorthings`: OGC SensorThings API (Things, Datastreams, Observations);
- :mod:`.outbox`: the journal of pushes (SQLite in the QGIS profile) and its sender;
- :mod:`.connections`: saved connections (settings hold only URLs and an authcfg id);
- :mod:`.layers`: GeoJSON <-> QGIS layers with CRS and axis order;
- :mod:`.publish`: layer -> outbox (after the data-quality gate) -> platform.
"""
