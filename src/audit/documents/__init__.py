"""Documents offices circulate: the working papers (审计底稿, :mod:`.workpapers`), later print, PDF and Word.

Each module writes one kind of document of a year from what the driver already has (metrics.json
and the year's loaded registers), byte-identical on re-runs like every other output. Their
heavy libraries are imported inside the functions that write, so importing this package costs
nothing.
"""
