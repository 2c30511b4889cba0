"""Imports from spreadsheets: reading CSV and Excel files by a column layout (sheets), and the
upload, background job, progress and report every import shares (jobs). The service-record
import and the organisation and employee imports are built on them."""
