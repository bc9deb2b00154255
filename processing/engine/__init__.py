"""The analysis engine: plain data in, plain data out. No ``qgis`` import anywhere below here."""
