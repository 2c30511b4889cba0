"""Review: the assessment workflow service, calibration, objections and approvals."""
