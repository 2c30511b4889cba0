"""Messaging: notifications in the portal, e-mail, reminders and the queues of waiting work."""
