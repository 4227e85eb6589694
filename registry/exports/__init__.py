"""Exports of the filtered cohort: CSV, XLSX, data dictionary, REDCap and FHIR R4."""
