"""What a user types: the ``lkjip`` command and the yearly cycle (``tahun-baru``, ``dinas-baru``).

May import every stage.
"""
