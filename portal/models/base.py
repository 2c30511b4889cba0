"""Column helpers shared by the model modules."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (stored as such on every database)."""
    return datetime.now(timezone.utc)
