"""The registry as a whole: cohort pages, dashboard and exports. It reads every app."""
