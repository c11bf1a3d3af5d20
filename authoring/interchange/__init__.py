"""Moving curriculum in and out: YAML bundles (sample courses), Common Cartridge, CASE."""
