"""The client sync engine: transport, push, pull, the post-sync check (see docs/sync-protocol.md).

May use :mod:`veldwerk_core` and :mod:`desktop.store` only; the use cases the views call are in
:mod:`desktop.services.sync`.
"""
