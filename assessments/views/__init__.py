"""Pages of visits, the reminder inbox and the worker status."""
