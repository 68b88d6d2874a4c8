"""Working together on a youth: who is involved, what is shared, notices, tasks, handovers,
and the regisseur's early-signalling meeting."""
