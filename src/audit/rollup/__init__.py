"""The pages above a city's jurisdictions: a roll-up of each year, and the front page that links them.

:mod:`.compute` makes the figures from the jurisdictions' published metrics.json; :mod:`.page`
shows them; ``rollup.ipynb`` and ``overview.ipynb`` are the notebooks ``audit run`` executes
(:mod:`audit.pipeline.jurisdictions`).
"""
