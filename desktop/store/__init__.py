"""The encrypted vault: open/unlock/rekey, schema and migrations, the one write path."""
