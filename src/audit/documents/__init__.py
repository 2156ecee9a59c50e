"""Documents offices circulate: the working papers (审计底稿, :mod:`.workpapers`), the audit report in Word
(:mod:`.word`, the GB/T 9704 layout) and a PDF of every page (:mod:`.pdf`).

Each module writes one kind of document of a year from what the driver already has (metrics.json
and the year's loaded registers), byte-identical on re-runs like every other output. Their
heavy libraries are imported inside the functions that write, so importing this package costs
nothing.
"""
