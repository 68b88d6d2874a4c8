"""The HTTP API: FastAPI application, dependencies and routes per area."""
