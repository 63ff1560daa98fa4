"""The book and the site: the Quarto project of a report, the Word tidy, the HTML preview without
Quarto, the index of built reports and ``build.json``.

May import every stage below it (``core`` … ``present``).
"""
