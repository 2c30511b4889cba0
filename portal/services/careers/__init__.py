"""Careers: what an appraisal's result feeds in a civil servant's career (domain.md §12): the
follow-up of each predikat (development plans, the shortlist for development and awards) and the
angka kredit of functional posts."""
