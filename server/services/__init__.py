"""Use cases of the server, one module per area; routes and the CLI call these."""
