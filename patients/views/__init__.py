"""Pages about patients and their diagnostic record."""
