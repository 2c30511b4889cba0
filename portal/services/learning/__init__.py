"""Learning the portal inside it: the practice assessment with a simulated supervisor."""
from portal.services.learning.practice import (
    SIMULATED,
    file_objection,
    learner,
    objection_window_open,
    offered,
    outcome,
    run_for,
    run_of,
    save_realisation,
    simulate,
    start,
    submit_self_assessment,
    submit_targets,
)

__all__ = [
    "SIMULATED", "file_objection", "learner", "objection_window_open", "offered", "outcome",
    "run_for", "run_of", "save_realisation", "simulate", "start", "submit_self_assessment",
    "submit_targets",
]
