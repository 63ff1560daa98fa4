"""Running the pipeline, that is building reports: validate, run each chapter in its own kernel,
assemble, publish crash-safely; reuse what did not change; many reports at once, or on Dask.

(The stage is not called ``build``: that name is the project's output folder, and tools ignore it.)
May import every stage below it (``core`` … ``publish``).
"""
