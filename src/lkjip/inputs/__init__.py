"""Reading what a report is made of: params, the agency's data files and profile, narrative
files, workbooks; validating them all at once; the snapshot of one build.

May import ``core``.
"""
