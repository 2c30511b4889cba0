"""Planning: the SKP (RHK, indicators, targets, cascading) and the appraisal periods."""
