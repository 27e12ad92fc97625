from opcc.core.modules import Module

MODULE = Module(
    key="reports",
    label="Reports",
    url_name="reports:home",
    permission="core.access_reports",
    description="Annual report statistics: build and download the pack for a financial year.",
)
