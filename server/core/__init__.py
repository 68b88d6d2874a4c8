"""Configuration, database and security primitives of the server."""
