"""The indicator library: SKP templates per sector that BKD admins maintain (catalogue) and that
an employee copies into a draft SKP (applying)."""
from portal.services.library.applying import apply_templates, check_may_apply, offered, sectors_of
from portal.services.library.catalogue import (
    IndicatorInput, agency_sectors, create_template, get_template, restore_template,
    retire_template, seed, set_agency_sectors, templates, update_template,
)

__all__ = [
    "IndicatorInput", "agency_sectors", "apply_templates", "check_may_apply", "create_template",
    "get_template", "offered", "restore_template", "retire_template", "sectors_of", "seed",
    "set_agency_sectors", "templates", "update_template",
]
