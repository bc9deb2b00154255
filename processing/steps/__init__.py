"""Steps shared by several algorithms: parameters, reading and reporting (QGIS side)."""
