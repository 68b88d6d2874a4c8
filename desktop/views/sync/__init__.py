"""The Synchronisatie section, the sync status bar and the controller that runs syncs."""
