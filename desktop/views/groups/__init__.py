"""Youth groups and the group approach."""
