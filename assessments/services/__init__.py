"""Write services for visits and the scores computed from them."""
