"""Execution: realisations per evaluation period, evidence, computed indicators and the
service-record import that feeds them."""
