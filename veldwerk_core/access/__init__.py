"""Accounting for access to a youth's data (AVG art. 15, NEN 7513 in spirit).

What a device uploads of its own access log (``purposes``), and the per-youth access report
and data overview as the regisseur, the administrator or the server's command write them out
(``report``, ``overview``). These are in the kernel because the server writes them too, and
the server has only the kernel: the PDFs are made by a small writer of its own (``pdf``)
rather than reportlab, which the server does not install.
"""
