from opcc.core.modules import Module

MODULE = Module(
    key="engagement",
    label="Engagement",
    url_name="engagement:home",
    permission="core.access_engagement",
    description="Correspondence and casework from the public, events, consultations and awards.",
    dashboard="engagement.dashboard.home_panels",
)
