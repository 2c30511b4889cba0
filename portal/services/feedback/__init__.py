"""Feedback: peer (360) reviews, the citizen survey (SKM), IKM and the public-service catalogue."""
