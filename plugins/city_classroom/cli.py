"""The command line: `city-classroom check`, `schema` and `new`."""
