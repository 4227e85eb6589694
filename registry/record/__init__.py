"""The patient list, the patient page and the history page: they gather every app's records."""
