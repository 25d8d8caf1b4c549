"""Body-camera recorders under act 000 (Order No. 121 of 14 April 2021): the inventory of recorders and
memory cards, the accounting journal (issue, return, upload; the 8 columns of the appendix form), the
evidence storage with its retention, disposal and release to inspectors, and the printed journal.

A Django app of its own inside ``records`` (label ``recorders``), so that its migrations never clash with
the applications'.  Other code calls ``records.recorders.services`` only.
"""
