"""Results: what an approved assessment feeds (domain.md §12): follow-up and development plans."""
