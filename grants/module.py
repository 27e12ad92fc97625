from opcc.core.modules import Module

MODULE = Module(
    key="grants",
    label="Grants",
    url_name="grants:home",
    permission="core.access_grants",
    description=(
        "Helping Communities Fund and other community grants: funds, allocations, applications, "
        "decisions, awards, payments and monitoring."
    ),
    dashboard="grants.dashboard.panels",
)
