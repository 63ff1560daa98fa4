"""What every stage uses: the error classes, the project's folders, and writing files safely.

Imports nothing of lkjip but itself.
"""
