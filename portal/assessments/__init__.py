"""The assessment page: its stepper, the current step's partial and the workflow actions."""
from flask import Blueprint

bp = Blueprint("assessments", __name__, url_prefix="/assessments")

from portal.assessments import (  # noqa: E402,F401  (registers views)
    execution, indicators, planning, routes,
)
from portal.assessments.forms import checkbox_block, field_block, radios_block  # noqa: E402

# The blocks drawing a form's fields in Python (the HTML of _macros/forms.html's macros), for
# every step's partials: template globals, not a copy in each section's context.
for _block in (field_block, radios_block, checkbox_block):
    bp.add_app_template_global(_block)
