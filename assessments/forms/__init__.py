"""Input forms for visits and reminder actions."""
