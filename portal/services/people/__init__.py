"""People: the organisation tree (units, positions, assessors) and who may act as whom."""
