"""Read-side queries of visits, refractory evaluations, reminders and sweeps."""
