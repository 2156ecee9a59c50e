"""Report pages: what each notebook displays, built from the metrics and the registers."""
