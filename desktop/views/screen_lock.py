"""Lock together with the operating system's screen lock, where Qt can see it.

On Linux desktops the screensaver announces itself on the session D-Bus. Elsewhere, and when
there is no session bus, this monitor stays silent and the idle timer still locks.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import SLOT, QObject, Signal, Slot

log = logging.getLogger("veldwerk.ui")

_SERVICES = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockMonitor(QObject):
    sig_screen_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening = False
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus is absent on some platforms
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        for path, interface in _SERVICES:
            # Any sender: the object path and interface are specific enough.
            slot = SLOT("_on_active_changed(bool)")
            # PySide6 takes the SLOT() string here; its stubs only list bytes.
            if bus.connect("", path, interface, "ActiveChanged", self, slot):  # type: ignore[call-overload]
                self.listening = True

    @Slot(bool)
    def _on_active_changed(self, active: bool) -> None:
        if active:
            log.info("screen locked by the system")
            self.sig_screen_locked.emit()
