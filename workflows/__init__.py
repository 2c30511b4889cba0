"""State machines of the portal, declared as data with their guards; no Flask or database here."""
