"""The report's figures, computed from validated data: capaian, categories, averages, series,
budget absorption, efficiency, calculation sheets, and printed figures reconciled.

May import ``core`` and ``inputs``; never formats a number or writes a sentence.
"""
