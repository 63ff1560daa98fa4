"""What a reader sees: Indonesian formatting, escaping, declared tables, charts, generated prose
and the analyst's narrative with its placeholders.

May import ``core``, ``inputs`` and ``compute``.
"""
