"""Files Board Brief writes: the metrics template, and (from the report) the board pack."""
