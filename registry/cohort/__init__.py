"""The cohort pages: filtered patient list, dashboard and exports."""
