from opcc.core.modules import Module

MODULE = Module(
    key="volunteers",
    label="Custody schemes",
    url_name="volunteers:home",
    permission="core.access_volunteers",
    description="Independent Custody Visitor and Appropriate Adult schemes: "
    "volunteers, visits and call-outs.",
    dashboard="volunteers.dashboard.home_panels",
)
