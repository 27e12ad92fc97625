from opcc.core.modules import Module

MODULE = Module(
    key="complaints",
    label="Complaint reviews",
    url_name="complaints:home",
    permission="core.access_complaints",
    description="Reviews of police complaint outcomes and complaints oversight.",
    dashboard="complaints.dashboard.panels",
)
