"""views

Importing the package first makes signal emission safe on the installed PySide6
(:mod:`desktop.views.signal_refs`): every widget and every ``Ops`` comes after it.
"""

from desktop.views import signal_refs

signal_refs.repair()
