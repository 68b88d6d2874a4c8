"""The app's own pure domain: list rows, filters, plain-language checks, screening history and
secrets. No Qt, no SQL, no network. The record shapes both sides share are in
:mod:`veldwerk_core.models`."""
