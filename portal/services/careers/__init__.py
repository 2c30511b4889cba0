"""Careers: what an appraisal's result feeds in a civil servant's career (domain.md 12): the
angka kredit of functional posts."""
