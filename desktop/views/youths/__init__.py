"""The youth register: list, timeline, forms."""
