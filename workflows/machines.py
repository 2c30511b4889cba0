"""One transitions Machine per process for every case of a workflow.

transitions builds a machine per model and binds a method per trigger to it; built per case,
that costs hundreds of calls on every request. Here a workflow builds its Machine once with no
model, and its case class (a SharedMachineModel) passes itself to the machine's events: the
same machine code (Event.trigger, Machine._can_trigger, Machine._get_trigger) decides, so the
guards, the refusals (MachineError from a wrong state) and the state changes are unchanged, and
the machine holds no case (machine.models stays empty). transitions keeps a model's state on the
model only: a case starts at the stored state it is given.
"""
from __future__ import annotations

from typing import ClassVar

from transitions import Machine


class SharedMachineModel:
    """A case of a workflow whose shared Machine is the class's `machine` (see shared())."""

    machine: ClassVar[Machine]
    state: str

    def trigger(self, trigger_name: str, *args, **kwargs) -> bool:
        """Take the action named trigger_name (MachineError from a state it does not leave)."""
        return self.machine._get_trigger(self, trigger_name, *args, **kwargs)

    def may_trigger(self, trigger_name: str, *args, **kwargs) -> bool:
        """Whether the action named trigger_name would be taken now (every guard passes)."""
        return self.machine._can_trigger(self, trigger_name, *args, **kwargs)


def shared(model_class: type[SharedMachineModel], states: list[str],
           transitions: list[dict]) -> Machine:
    """Build model_class's one Machine (no model, no automatic transitions) and give the class
    a method per trigger and its may_ check, as transitions gives a model it is handed
    (case.decide(actor=...), case.may_decide(actor=...))."""
    machine = Machine(model=None, states=states, transitions=transitions, initial=states[0],
                      auto_transitions=False)
    model_class.machine = machine
    for trigger, event in machine.events.items():

        def fire(self, *args, _event=event, **kwargs) -> bool:
            return _event.trigger(self, *args, **kwargs)

        def may(self, *args, _trigger=trigger, **kwargs) -> bool:
            return self.machine._can_trigger(self, _trigger, *args, **kwargs)

        fire.__name__, may.__name__ = trigger, f"may_{trigger}"
        setattr(model_class, trigger, fire)
        setattr(model_class, f"may_{trigger}", may)
    return machine
