"""Framework content: the bundled CYP MH framework as TOML data files."""
