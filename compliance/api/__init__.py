"""The read-only JSON API: compliance figures and people lists for a provincial reporting system,
read with a person's token and scoped exactly as that person's pages are (docs/api.md)."""
