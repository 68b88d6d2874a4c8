"""Pick a youth by typing (kept as the import place other features use)."""

from desktop.views.picker import YouthPicker, describe_youth

__all__ = ["YouthPicker", "describe_youth"]
