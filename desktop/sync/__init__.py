"""The client sync engine: transport, push, pull, the post-sync check (see docs/sync-protocol.md).

May use :mod:`desktop.models` and :mod:`desktop.store` only; the use cases the views call are in
:mod:`desktop.services.sync`.
"""
